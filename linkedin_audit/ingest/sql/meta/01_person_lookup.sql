-- relation: meta.person_lookup
-- reads: meta.person_mentions, meta.name_to_person_key, meta.person_ids
-- materialize: table
-- meta.person_lookup: (url_key, name_key, as_owner) as found in a file -> person_id. A file that cannot name
-- the owner (connections, counterparties, endorsements) joins with `NOT as_owner`.
CREATE OR REPLACE TABLE meta.person_lookup AS
SELECT DISTINCT m.url_key, m.name_key, m.as_owner, p.person_id
FROM meta.person_mentions m
LEFT JOIN meta.name_to_person_key n USING (name_key, as_owner)
JOIN meta.person_ids p ON p.person_key = coalesce('u:' || m.url_key, n.person_key);
