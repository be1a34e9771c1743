-- relation: main.people
-- reads: meta.person_mentions, meta.name_to_person_key, meta.person_ids, temp.name_keys, main.me
-- materialize: table
-- people: one row per person seen anywhere; URL first, then name for files without URLs.
CREATE OR REPLACE TABLE people AS
WITH source AS (
    SELECT coalesce('u:' || m.url_key, n.person_key) AS person_key, m.*
    FROM meta.person_mentions m LEFT JOIN meta.name_to_person_key n USING (name_key, as_owner)
),
spellings AS (  -- how often each person is written each way
    SELECT person_key, name, count(*) AS n, bool_or(src = 'connections') AS in_connections
    FROM source WHERE name IS NOT NULL AND name <> 'LinkedIn Member'
    GROUP BY person_key, name
),
names AS (  -- the most frequent spelling; on a tie (a changed name seen as often each way) the one in
            -- connections, then the first in sort order: the same name on every build
    SELECT person_key, first(name ORDER BY n DESC, in_connections DESC, name) AS name
    FROM spellings GROUP BY person_key
),
grouped AS (
    SELECT person_key,
           any_value(url_key) FILTER (WHERE url_key IS NOT NULL) AS url_key,
           first(profile_url ORDER BY src = 'connections' DESC, profile_url) FILTER (WHERE profile_url IS NOT NULL)
               AS profile_url,
           bool_or(src = 'connections') AS is_connection
    FROM source
    GROUP BY person_key
),
final AS (
    SELECT i.person_id, g.url_key, g.profile_url, n.name, k.name_key,  -- keyed once a build (temp.name_keys)
           coalesce(i.person_id = (SELECT person_id FROM me), false) AS is_me,
           g.is_connection
    FROM grouped g JOIN meta.person_ids i USING (person_key) LEFT JOIN names n USING (person_key)
    LEFT JOIN temp.name_keys k ON k.name = n.name
)
SELECT * FROM final ORDER BY person_id;
