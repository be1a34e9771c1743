-- relation: staging.connections
-- reads: raw.connections
-- materialize: view
-- staging.connections: Connections.csv, typed. Hidden members are date-only rows.
CREATE OR REPLACE VIEW staging.connections AS
WITH source AS (
    SELECT record_number(export_id, file, rowid) AS line, *
    FROM raw.connections
),
renamed AS (
    SELECT
        export_id, file, line,
        txt(first_name) AS first_name,
        txt(last_name) AS last_name,
        txt(url) AS profile_url,
        txt(email_address) AS email_address,
        txt(company) AS company,
        txt(position) AS position,
        CAST(li_when(connected_on) AS DATE) AS connected_on
    FROM source
),
final AS (
    SELECT
        *,
        nullif(trim(concat_ws(' ', first_name, last_name)), '') AS name,
        first_name IS NULL AND last_name IS NULL AND profile_url IS NULL AS is_hidden
    FROM renamed
)
SELECT * FROM final;
