-- people: one row per person seen anywhere; URL first, then name for files without URLs.
CREATE OR REPLACE TABLE people AS
WITH source AS (
    SELECT coalesce('u:' || m.url_key, n.person_key) AS person_key, m.*
    FROM meta.person_mentions m LEFT JOIN meta.name_to_person_key n USING (name_key)
),
grouped AS (
    SELECT person_key,
           any_value(url_key) FILTER (WHERE url_key IS NOT NULL) AS url_key,
           any_value(profile_url ORDER BY src = 'connections' DESC) FILTER (WHERE profile_url IS NOT NULL)
               AS profile_url,
           mode(name) FILTER (WHERE name IS NOT NULL AND name <> 'LinkedIn Member') AS name,
           bool_or(src = 'connections') AS is_connection
    FROM source
    GROUP BY person_key
),
final AS (
    SELECT i.person_id, g.url_key, g.profile_url, g.name, name_key(g.name) AS name_key,
           coalesce(i.person_id = (SELECT person_id FROM me), false) AS is_me,
           g.is_connection
    FROM grouped g JOIN meta.person_ids i USING (person_key)
)
SELECT * FROM final ORDER BY person_id;
