-- relation: meta.name_to_person_key
-- reads: meta.person_mentions, meta.owner_key
-- materialize: table
-- meta.name_to_person_key: (name_key, as_owner) -> person key. A name with no URL that is not the owner's
-- joins the one URL-person carrying that name (the owner's URL not counted); a name shared by several
-- URL-persons (or none) stays a name-only person. The owner's name-only mentions are the owner.
CREATE OR REPLACE TABLE meta.name_to_person_key AS
WITH by_name AS (
    SELECT name_key, count(DISTINCT url_key) AS urls, min(url_key) AS url_key
    FROM meta.person_mentions
    WHERE name_key IS NOT NULL AND NOT as_owner
      AND (url_key IS NULL OR url_key IS DISTINCT FROM (SELECT url_key FROM meta.owner_key))
    GROUP BY name_key
)
SELECT name_key, false AS as_owner,
       CASE WHEN urls = 1 THEN 'u:' || url_key ELSE 'n:' || name_key END AS person_key
FROM by_name
UNION ALL
SELECT DISTINCT name_key, true, (SELECT person_key FROM meta.owner_key)
FROM meta.person_mentions WHERE as_owner AND (SELECT person_key FROM meta.owner_key) IS NOT NULL;
