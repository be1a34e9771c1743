-- relation: main.recommendations
-- reads: staging.recommendations, meta.name_to_person_key, meta.person_ids
-- materialize: table
-- recommendations: received and given, names only (joined to people by name).
CREATE OR REPLACE TABLE recommendations AS
WITH source AS (
    SELECT *, name_key(concat_ws(' ', first_name, last_name)) AS name_key,
           hash(direction, first_name, last_name, created_at, text) AS nk
    FROM staging.recommendations
),
final AS (
    SELECT s.direction, s.first_name, s.last_name, l.person_id, s.company, s.job_title, s.text,
           s.created_at, s.status, s.first_export_id, s.last_export_id
    FROM newest_copies(source) s
    LEFT JOIN meta.name_to_person_key k ON k.name_key = s.name_key AND NOT k.as_owner
    LEFT JOIN meta.person_ids l ON l.person_key = k.person_key
)
SELECT * FROM final ORDER BY direction, created_at;
