-- relation: staging.recommendations
-- reads: raw.recommendations_received, raw.recommendations_given
-- materialize: view
-- staging.recommendations: received and given; names only, no URL.
CREATE OR REPLACE VIEW staging.recommendations AS
WITH source AS (
    SELECT record_number(export_id, file, rowid) AS line, 'received' AS direction, *
    FROM raw.recommendations_received
    UNION ALL BY NAME
    SELECT record_number(export_id, file, rowid) AS line, 'given' AS direction, *
    FROM raw.recommendations_given
),
renamed AS (
    SELECT
        export_id, file, line, direction,
        txt(first_name) AS first_name,
        txt(last_name) AS last_name,
        txt(company) AS company,
        txt(job_title) AS job_title,
        text,
        li_when(creation_date) AS created_at,
        txt(status) AS status
    FROM source
),
final AS (
    SELECT * FROM renamed
)
SELECT * FROM final;
