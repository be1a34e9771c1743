-- relation: main.endorsements
-- reads: staging.endorsements, temp.name_keys, meta.person_lookup
-- materialize: table
-- endorsements: received and given, merged over exports by (direction, time, skill, other person).
-- The Sep-2022 export holds the received file twice (UTF-8 and a UTF-16 copy): one row per natural key.
CREATE OR REPLACE TABLE endorsements AS
WITH source AS (  -- name keys are computed once per build in temp.name_keys (for the trimmed name)
    SELECT e.*, url_key(e.profile_url) AS url_key, k.name_key,
           hash(e.direction, e.endorsed_at, e.skill, e.first_name, e.last_name) AS nk
    FROM staging.endorsements e
    LEFT JOIN temp.name_keys k ON k.name = nullif(trim(concat_ws(' ', e.first_name, e.last_name)), '')
),
final AS (
    SELECT s.direction, s.endorsed_at, s.skill, s.first_name, s.last_name, s.url_key, l.person_id, s.status,
           s.first_export_id, s.last_export_id
    FROM newest_copies(source) s
    LEFT JOIN meta.person_lookup l
        ON NOT l.as_owner AND l.url_key IS NOT DISTINCT FROM s.url_key AND l.name_key IS NOT DISTINCT FROM s.name_key
    QUALIFY row_number() OVER (PARTITION BY s.nk ORDER BY s.url_key IS NULL, s.file, s.line) = 1
)
SELECT * FROM final ORDER BY direction, endorsed_at;
