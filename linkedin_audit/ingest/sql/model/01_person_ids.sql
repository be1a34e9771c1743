-- meta.person_ids: a person key (`u:<url_key>`, `n:<name_key>`, the owner's `me:<name_key>`) gets an id once and keeps it, so
-- person_id is stable within a database across ingests. New keys are appended.
INSERT INTO meta.person_ids
WITH keys AS (
    SELECT DISTINCT coalesce('u:' || m.url_key, n.person_key) AS person_key
    FROM meta.person_mentions m LEFT JOIN meta.name_to_person_key n USING (name_key, as_owner)
),
new_keys AS (
    SELECT person_key FROM keys
    WHERE person_key IS NOT NULL AND person_key NOT IN (SELECT person_key FROM meta.person_ids)
)
SELECT person_key,
       (SELECT coalesce(max(person_id), 0) FROM meta.person_ids) + row_number() OVER (ORDER BY person_key)
FROM new_keys;

-- meta.person_lookup: (url_key, name_key, as_owner) as found in a file -> person_id. A file that cannot name
-- the owner (connections, counterparties, endorsements) joins with `NOT as_owner`.
CREATE OR REPLACE TABLE meta.person_lookup AS
SELECT DISTINCT m.url_key, m.name_key, m.as_owner, p.person_id
FROM meta.person_mentions m
LEFT JOIN meta.name_to_person_key n USING (name_key, as_owner)
JOIN meta.person_ids p ON p.person_key = coalesce('u:' || m.url_key, n.person_key);
