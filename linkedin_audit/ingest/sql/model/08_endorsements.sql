-- relation: main.endorsements
-- reads: staging.endorsements, meta.person_lookup
-- materialize: table
-- endorsements: received and given, merged over exports by (direction, time, skill, other person).
-- The Sep-2022 export holds the received file twice (UTF-8 and a UTF-16 copy): one row per natural key.
CREATE OR REPLACE TABLE endorsements AS
WITH source AS (
    SELECT *, url_key(profile_url) AS url_key, name_key(concat_ws(' ', first_name, last_name)) AS name_key,
           hash(direction, endorsed_at, skill, first_name, last_name) AS nk
    FROM staging.endorsements
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
