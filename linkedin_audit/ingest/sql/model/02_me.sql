-- relation: main.me
-- reads: meta.owner_by_export, meta.name_to_person_key, meta.person_ids
-- materialize: table
-- me: the owner, from the newest export whose owner is known (meta/90_owner_by_export.sql explains how).
CREATE OR REPLACE TABLE me AS
WITH source AS (
    SELECT * FROM meta.owner_by_export
    WHERE url_key IS NOT NULL OR name_key IS NOT NULL
    ORDER BY (url_key IS NOT NULL) DESC, export_id DESC
    LIMIT 1
),
keyed AS (
    SELECT s.*, coalesce('u:' || s.url_key, n.person_key) AS person_key
    FROM source s LEFT JOIN meta.name_to_person_key n USING (name_key)
),
final AS (
    SELECT p.person_id, k.name, k.profile_url, k.url_key, k.evidence, k.name_key
    FROM keyed k LEFT JOIN meta.person_ids p USING (person_key)
)
SELECT person_id, name, profile_url, url_key, evidence FROM final;
