-- Identity work tables (schema meta), built once per ingest so the model files below read them cheaply.
-- meta.owner_by_export (the staging view of the same name, materialised) is filled by the ingest itself, one
-- export at a time as each is loaded (linkedin_audit/ingest/load.py: _record_owner).

-- meta.to_names: the TO field of message rows without RECIPIENT PROFILE URLS (2018-2022 files) split into
-- names (to_names, position, name). TO joins names with ", " and a name can itself hold ", " (`Jane Doe,
-- PhD`), so the ", "-pieces are read from the left: at each piece, the longest run of 2 to 4 pieces that is
-- a display name known from elsewhere (connections, invitations, message senders, endorsements,
-- recommendations, follows, the owner; compared case-insensitively) is one name; else the piece is a name
-- together with the credential-like pieces that follow it (one word with two capitals, e.g. `PhD`, `MBA`,
-- `M.D.`, or Jr/Sr/a roman numeral). `LinkedIn Member` (a hidden sender) is not a person and is dropped.
-- Set-based: runs are found by one join per TO string and length, the walk only follows one pointer per
-- name (recursion depth = names in the longest TO).
CREATE OR REPLACE TABLE meta.to_names AS
WITH RECURSIVE
tos AS (
    SELECT to_names, string_split(to_names, ', ') AS parts
    FROM (SELECT DISTINCT txt(to_names) AS to_names FROM raw.messages
          WHERE txt(recipient_profile_urls) IS NULL AND txt(to_names) IS NOT NULL)
),
known AS (  -- full display names holding ", " (only those can span several pieces)
    SELECT DISTINCT lower(n) AS k
    FROM (SELECT name AS n FROM staging.connections
          UNION ALL SELECT from_name FROM staging.invitations
          UNION ALL SELECT to_name FROM staging.invitations
          UNION ALL SELECT txt(from_name) FROM (SELECT DISTINCT from_name FROM raw.messages)
          UNION ALL SELECT nullif(trim(concat_ws(' ', first_name, last_name)), '') FROM staging.endorsements
          UNION ALL SELECT nullif(trim(concat_ws(' ', first_name, last_name)), '') FROM staging.recommendations
          UNION ALL SELECT full_name FROM staging.member_follows
          UNION ALL SELECT name FROM meta.owner_by_export)
    WHERE contains(n, ', ')
),
pieces AS (
    SELECT to_names, len(parts) AS n, i, parts[i] AS piece,
           regexp_full_match(parts[i], '[A-Z][A-Za-z.]*[A-Z][A-Za-z.]*|Jr\.?|Sr\.?|[IVX]{2,4}') AS is_cred
    FROM tos, generate_series(1, len(parts)) AS g(i)
    WHERE len(parts) > 1
),
known_runs AS (  -- longest known run starting at each piece
    SELECT t.to_names, g.i, max(g.i + d.d) AS j
    FROM tos t, generate_series(1, len(t.parts) - 1) AS g(i), generate_series(1, 3) AS d(d)
    WHERE len(t.parts) > 1 AND g.i + d.d <= len(t.parts)
      AND lower(array_to_string(t.parts[g.i:g.i + d.d], ', ')) IN (SELECT k FROM known)
    GROUP BY ALL
),
steps AS (  -- where the name starting at piece i ends (j)
    SELECT p.to_names, p.i,
           coalesce(r.j, coalesce(min(CASE WHEN NOT p.is_cred THEN p.i END) OVER (
               PARTITION BY p.to_names ORDER BY p.i ROWS BETWEEN 1 FOLLOWING AND UNBOUNDED FOLLOWING),
               p.n + 1) - 1) AS j
    FROM pieces p LEFT JOIN known_runs r ON r.to_names = p.to_names AND r.i = p.i
),
walk(to_names, position, i, j) AS (
    SELECT to_names, 1, i, j FROM steps WHERE i = 1
    UNION ALL
    SELECT s.to_names, w.position + 1, s.i, s.j
    FROM walk w JOIN steps s ON s.to_names = w.to_names AND s.i = w.j + 1
),
final AS (
    SELECT to_names, 1 AS position, to_names AS name FROM tos WHERE len(parts) = 1
    UNION ALL
    SELECT w.to_names, w.position, array_to_string(t.parts[w.i:w.j], ', ')
    FROM walk w JOIN tos t USING (to_names)
)
SELECT * FROM final WHERE name <> 'LinkedIn Member';

-- meta.owner_names / meta.owner_key: the owner's name keys (every export's) and person key: `u:<url_key>`
-- of the newest export naming a URL, else `me:<name_key>` (never `n:`, the key of a name-only person, so
-- a namesake without a URL stays another person).
CREATE OR REPLACE TABLE meta.owner_names AS
SELECT DISTINCT name_key FROM meta.owner_by_export WHERE name_key IS NOT NULL;

CREATE OR REPLACE TABLE meta.owner_key AS
SELECT coalesce('u:' || url_key, 'me:' || name_key) AS person_key, url_key
FROM meta.owner_by_export
WHERE url_key IS NOT NULL OR name_key IS NOT NULL
ORDER BY (url_key IS NOT NULL) DESC, export_id DESC
LIMIT 1;

-- meta.person_mentions: every place a person appears, with URL key and/or name, and `side`: `owner` where
-- the file's structure says it is the owner (the owner side of an invitation, a 2018 OUTGOING sender, the
-- owner's own record), `other` where it cannot be the owner (a connection, an invitation's counterparty, an
-- endorser, a recommender, a followed member, a 2018 INCOMING sender), `either` where nothing says
-- (a name in TO, a URL). `as_owner`: a mention without a URL that is the owner's: on the owner side, or
-- `either` with one of the owner's names. Only the owner's identifiers (URL, invitations, role) make the
-- owner: a connection with the owner's name and no URL (pre-2023 Connections.csv) is another person.
-- `people` groups them.
CREATE OR REPLACE TABLE meta.person_mentions AS
WITH source AS MATERIALIZED (
    SELECT url_key, profile_url, name, 'connections' AS src, 'other' AS side
    FROM staging.connections WHERE NOT is_hidden
    UNION ALL
    SELECT counterparty_url_key, counterparty_profile_url, counterparty_name, 'invitations', 'other'
    FROM staging.invitations
    UNION ALL
    SELECT CASE direction WHEN 'outgoing' THEN inviter_url_key ELSE invitee_url_key END,
           CASE direction WHEN 'outgoing' THEN inviter_profile_url ELSE invitee_profile_url END,
           CASE direction WHEN 'outgoing' THEN from_name ELSE to_name END, 'invitations', 'owner'
    FROM staging.invitations
    UNION ALL
    -- Message senders with a URL (a sender without one is `LinkedIn Member` or a sponsor), and legacy
    -- senders (2018/2020 files have a Direction and no URLs) by name. Distinct raw values first.
    SELECT url_key(url), url, name, 'messages',
           CASE WHEN url IS NOT NULL THEN 'either' WHEN direction = 'OUTGOING' THEN 'owner' ELSE 'other' END
    FROM (SELECT DISTINCT txt(sender_profile_url) AS url, txt(from_name) AS name,
                 upper(txt(direction)) AS direction
          FROM (SELECT DISTINCT sender_profile_url, from_name, direction FROM raw.messages)
          WHERE txt(sender_profile_url) IS NOT NULL OR txt(direction) IS NOT NULL)
    WHERE coalesce(name, '') <> 'LinkedIn Member'
    UNION ALL
    SELECT url_key(u.url), u.url,
           CASE WHEN len(urls) = 1 AND NOT contains(coalesce(to_names, ','), ',') THEN to_names END,
           'messages', 'either'
    FROM (SELECT DISTINCT string_split(txt(recipient_profile_urls), ',') AS urls, txt(to_names) AS to_names
          FROM (SELECT DISTINCT recipient_profile_urls, to_names FROM raw.messages)
          WHERE txt(recipient_profile_urls) IS NOT NULL), unnest(urls) AS u(url)
    UNION ALL
    SELECT NULL, NULL, name, 'messages', 'either' FROM (SELECT DISTINCT name FROM meta.to_names)  -- TO without URLs
    UNION ALL
    SELECT url_key, profile_url, nullif(trim(concat_ws(' ', first_name, last_name)), ''), 'endorsements', 'other'
    FROM staging.endorsements
    UNION ALL
    SELECT NULL, NULL, nullif(trim(concat_ws(' ', first_name, last_name)), ''), 'recommendations', 'other'
    FROM staging.recommendations
    UNION ALL
    SELECT NULL, NULL, full_name, 'member_follows', 'other' FROM staging.member_follows
    UNION ALL
    SELECT url_key, profile_url, name, 'owner', 'owner' FROM meta.owner_by_export
),
keyed_names AS (  -- name_key (regular expressions) once per distinct name, not per mention
    SELECT name, name_key(name) AS name_key FROM (SELECT DISTINCT name FROM source)
),
final AS (
    SELECT s.url_key, s.profile_url, s.name, k.name_key, s.src, s.side,
           s.url_key IS NULL AND (s.side = 'owner' OR (s.side = 'either'
               AND k.name_key IN (SELECT name_key FROM meta.owner_names))) AS as_owner
    FROM source s LEFT JOIN keyed_names k ON k.name = s.name
    WHERE s.url_key IS NOT NULL OR k.name_key IS NOT NULL
)
SELECT * FROM final;

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
