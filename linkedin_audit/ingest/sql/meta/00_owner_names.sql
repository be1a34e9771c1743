-- relation: meta.owner_names
-- reads: meta.owner_by_export
-- materialize: table
-- meta.owner_names / meta.owner_key: the owner's name keys (every export's) and person key: `u:<url_key>`
-- of the newest export naming a URL, else `me:<name_key>` (never `n:`, the key of a name-only person, so
-- a namesake without a URL stays another person).
CREATE OR REPLACE TABLE meta.owner_names AS
SELECT DISTINCT name_key FROM meta.owner_by_export WHERE name_key IS NOT NULL;
