-- relation: meta.name_to_person_key
-- reads: meta.person_mentions
-- materialize: table
-- meta.name_to_person_key: a name with no URL joins the one URL-person carrying that name; a name
-- shared by several URL-persons (or none) stays a name-only person.
CREATE OR REPLACE TABLE meta.name_to_person_key AS
WITH by_name AS (
    SELECT name_key, count(DISTINCT url_key) AS urls, min(url_key) AS url_key
    FROM meta.person_mentions WHERE name_key IS NOT NULL
    GROUP BY name_key
)
SELECT name_key, CASE WHEN urls = 1 THEN 'u:' || url_key ELSE 'n:' || name_key END AS person_key
FROM by_name;
