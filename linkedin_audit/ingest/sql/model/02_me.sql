-- relation: main.me
-- reads: meta.owner_by_export, meta.owner_key, meta.person_ids
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
    SELECT s.*, (SELECT person_key FROM meta.owner_key) AS person_key
    FROM source s
),
final AS (
    SELECT p.person_id, k.name, k.profile_url, k.url_key, k.evidence, k.name_key
    FROM keyed k LEFT JOIN meta.person_ids p USING (person_key)
)
SELECT person_id, name, profile_url, url_key, evidence FROM final;
