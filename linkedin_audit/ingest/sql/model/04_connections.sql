-- relation: main.connections
-- reads: temp.staged_connections, temp.name_keys, meta.person_lookup
-- materialize: table
-- connections: merged over exports by natural key (URL, else name + date; hidden rows by date and their
-- order within the export). Values come from the newest export that has the row.
CREATE OR REPLACE TABLE connections AS
WITH keyed AS (  -- the identity keys person_lookup is joined on (staging only renames and types; name keys
                 -- are computed once per build in temp.name_keys)
    SELECT c.*, url_key(c.profile_url) AS url_key, k.name_key
    FROM temp.staged_connections c LEFT JOIN temp.name_keys k ON k.name = c.name
),
source AS (
    SELECT *,
           -- a date that did not parse (NULL) must not make the key NULL: the row would vanish in the join
           CASE WHEN is_hidden
                THEN 'hidden|' || coalesce(CAST(connected_on AS VARCHAR), '?') || '|'
                     || row_number() OVER (PARTITION BY export_id, is_hidden, connected_on ORDER BY line)
                ELSE coalesce(url_key, name_key || '|' || coalesce(CAST(connected_on AS VARCHAR), '?'))
           END AS nk
    FROM keyed
),
final AS (
    SELECT l.person_id, s.first_name, s.last_name, s.name, s.profile_url, s.url_key, s.email_address,
           s.company, s.position, s.connected_on, s.is_hidden, s.first_export_id, s.last_export_id
    FROM newest_copies(source) s
    LEFT JOIN meta.person_lookup l
        ON NOT s.is_hidden AND NOT l.as_owner AND l.url_key IS NOT DISTINCT FROM s.url_key
           AND l.name_key IS NOT DISTINCT FROM s.name_key
)
SELECT * FROM final ORDER BY connected_on DESC, name;
