-- relation: staging.endorsements
-- reads: raw.endorsements_received, raw.endorsements_given
-- materialize: view
-- staging.endorsements: received and given, one typed relation (URLs have no scheme in the file).
CREATE OR REPLACE VIEW staging.endorsements AS
WITH source AS (
    SELECT record_number(export_id, file, rowid) AS line, 'received' AS direction,
           * EXCLUDE (display_status)
    FROM raw.endorsements_received
    UNION ALL BY NAME
    SELECT record_number(export_id, file, rowid) AS line, 'given' AS direction, *
    FROM raw.endorsements_given
),
renamed AS (
    SELECT
        export_id, file, line, direction,
        li_when(endorsement_date) AS endorsed_at,
        txt(skill_name) AS skill,
        txt(first_name) AS first_name,
        txt(last_name) AS last_name,
        txt(public_url) AS profile_url,
        upper(txt(endorsement_status)) AS status
    FROM source
),
final AS (
    SELECT * FROM renamed
)
SELECT * FROM final;
