-- relation: main.recommendations
-- reads: staging.recommendations, temp.name_keys, meta.name_to_person_key, meta.person_ids
-- materialize: table
-- recommendations: received and given, names only (joined to people by name).
CREATE OR REPLACE TABLE recommendations AS
WITH source AS (  -- name keys are computed once per build in temp.name_keys (for the trimmed name)
    SELECT r.*, k.name_key, hash(r.direction, r.first_name, r.last_name, r.created_at, r.text) AS nk
    FROM staging.recommendations r
    LEFT JOIN temp.name_keys k ON k.name = nullif(trim(concat_ws(' ', r.first_name, r.last_name)), '')
),
final AS (
    SELECT s.direction, s.first_name, s.last_name, l.person_id, s.company, s.job_title, s.text,
           s.created_at, s.status, s.first_export_id, s.last_export_id
    FROM newest_copies(source) s
    LEFT JOIN meta.name_to_person_key k ON k.name_key = s.name_key AND NOT k.as_owner
    LEFT JOIN meta.person_ids l ON l.person_key = k.person_key
)
SELECT * FROM final ORDER BY direction, created_at;
