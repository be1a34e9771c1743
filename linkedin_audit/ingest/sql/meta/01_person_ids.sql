-- relation: meta.person_ids
-- reads: meta.person_mentions, meta.name_to_person_key
-- materialize: append
-- meta.person_ids: a person key (`u:<url_key>`, `n:<name_key>`, the owner's `me:<name_key>`) gets an id once and keeps it, so
-- person_id is stable within a database across ingests. New keys are appended.
CREATE TABLE IF NOT EXISTS meta.person_ids (person_key VARCHAR PRIMARY KEY, person_id BIGINT);

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
