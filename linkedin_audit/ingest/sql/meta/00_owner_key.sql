-- relation: meta.owner_key
-- reads: meta.owner_by_export
-- materialize: table
-- meta.owner_key: the owner's person key (00_owner_names.sql says which).
CREATE OR REPLACE TABLE meta.owner_key AS
SELECT coalesce('u:' || url_key, 'me:' || name_key) AS person_key, url_key
FROM meta.owner_by_export
WHERE url_key IS NOT NULL OR name_key IS NOT NULL
ORDER BY (url_key IS NOT NULL) DESC, export_id DESC
LIMIT 1;
