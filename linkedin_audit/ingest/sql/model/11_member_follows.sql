-- relation: main.member_follows
-- reads: staging.member_follows, temp.name_keys, meta.name_to_person_key, meta.person_ids
-- materialize: table
-- member_follows: merged over exports by natural key.
CREATE OR REPLACE TABLE member_follows AS
WITH source AS (  -- name keys are computed once per build in temp.name_keys
    SELECT f.*, k.name_key, hash(f.followed_at, f.full_name, f.status) AS nk
    FROM staging.member_follows f LEFT JOIN temp.name_keys k ON k.name = f.full_name
),
final AS (
    SELECT s.followed_at, s.status, s.full_name, p.person_id, s.first_export_id, s.last_export_id
    FROM newest_copies(source) s
    LEFT JOIN meta.name_to_person_key k ON k.name_key = s.name_key AND NOT k.as_owner
    LEFT JOIN meta.person_ids p ON p.person_key = k.person_key
)
SELECT * FROM final ORDER BY followed_at;
