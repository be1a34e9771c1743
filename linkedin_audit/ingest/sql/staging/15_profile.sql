-- relation: staging.profile
-- reads: raw.profile
-- materialize: view
-- staging.profile: the owner's own profile (one row per export).
CREATE OR REPLACE VIEW staging.profile AS
WITH source AS (
    SELECT record_number(export_id, file, rowid) AS line, *
    FROM raw.profile
),
renamed AS (
    SELECT
        export_id, file, line,
        txt(first_name) AS first_name, txt(last_name) AS last_name, txt(maiden_name) AS maiden_name,
        txt(headline) AS headline, txt(summary) AS summary, txt(industry) AS industry,
        txt(geo_location) AS geo_location, txt(websites) AS websites
    FROM source
),
final AS (
    SELECT *, nullif(trim(concat_ws(' ', first_name, last_name)), '') AS name FROM renamed
)
SELECT * FROM final;
