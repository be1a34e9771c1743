-- relation: main.network_changes
-- reads: temp.staged_connections, main.exports, temp.name_keys, meta.person_lookup
-- materialize: table
-- network_changes: what changed in the network between consecutive exports that hold Connections.csv.
-- One row per change: `added` (in this export, not the previous one), `removed` (the reverse), or
-- `job_change` (in both, company or position differs after trimming and folding case and spaces).
-- A person is matched across exports by url_key, else name_key; hidden (date-only) rows are left out.
CREATE OR REPLACE TABLE network_changes AS
WITH keyed AS (  -- the identity keys (staging only renames and types; name keys: temp.name_keys, once a build)
    SELECT c.*, url_key(c.profile_url) AS url_key, k.name_key
    FROM temp.staged_connections c LEFT JOIN temp.name_keys k ON k.name = c.name
    -- one export has no consecutive pair: no change, and no key is computed (most databases hold one export)
    WHERE (SELECT count(*) FROM exports) > 1
),
source AS (
    SELECT export_id, coalesce(url_key, 'n:' || name_key) AS nk, url_key, name_key, name, profile_url,
           company, position, connected_on
    FROM keyed
    WHERE NOT is_hidden AND coalesce(url_key, name_key) IS NOT NULL
    QUALIFY row_number() OVER (PARTITION BY export_id, coalesce(url_key, 'n:' || name_key) ORDER BY line) = 1
),
snapshots AS (
    SELECT e.export_id, e.export_date,
           lag(e.export_id) OVER (ORDER BY e.export_date, e.export_id) AS previous_export_id
    FROM exports e WHERE e.export_id IN (SELECT DISTINCT export_id FROM source)
),
pairs AS (
    SELECT * FROM snapshots WHERE previous_export_id IS NOT NULL
),
cur AS (SELECT p.export_id, p.export_date, p.previous_export_id, s.* EXCLUDE (export_id)
        FROM pairs p JOIN source s ON s.export_id = p.export_id),
prev AS (SELECT p.export_id, p.export_date, p.previous_export_id, s.* EXCLUDE (export_id)
         FROM pairs p JOIN source s ON s.export_id = p.previous_export_id),
joined AS (
    SELECT coalesce(c.export_id, o.export_id) AS export_id,
           coalesce(c.export_date, o.export_date) AS export_date,
           coalesce(c.previous_export_id, o.previous_export_id) AS previous_export_id,
           CASE WHEN o.nk IS NULL THEN 'added' WHEN c.nk IS NULL THEN 'removed' ELSE 'job_change' END AS change,
           coalesce(c.url_key, o.url_key) AS url_key, coalesce(c.name_key, o.name_key) AS name_key,
           coalesce(c.name, o.name) AS name, coalesce(c.profile_url, o.profile_url) AS profile_url,
           o.company AS old_company, c.company AS new_company,
           o.position AS old_position, c.position AS new_position,
           coalesce(c.connected_on, o.connected_on) AS connected_on
    FROM cur c FULL JOIN prev o ON c.export_id = o.export_id AND c.nk = o.nk
),
final AS (
    SELECT j.change, j.export_id, j.export_date, j.previous_export_id, l.person_id, j.name, j.profile_url,
           j.url_key, j.old_company, j.new_company, j.old_position, j.new_position, j.connected_on
    FROM joined j
    LEFT JOIN meta.person_lookup l
        ON NOT l.as_owner AND l.url_key IS NOT DISTINCT FROM j.url_key AND l.name_key IS NOT DISTINCT FROM j.name_key
    WHERE j.change <> 'job_change'
       OR lower(regexp_replace(trim(coalesce(j.old_company, '')), '\s+', ' ', 'g'))
          <> lower(regexp_replace(trim(coalesce(j.new_company, '')), '\s+', ' ', 'g'))
       OR lower(regexp_replace(trim(coalesce(j.old_position, '')), '\s+', ' ', 'g'))
          <> lower(regexp_replace(trim(coalesce(j.new_position, '')), '\s+', ' ', 'g'))
)
SELECT * EXCLUDE (url_key) FROM final ORDER BY export_id, change, name;
