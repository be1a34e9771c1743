-- relation: meta.to_names
-- reads: temp.message_values, temp.staged_connections, temp.staged_invitations, staging.endorsements
-- reads: staging.recommendations, staging.member_follows, meta.owner_by_export
-- materialize: table
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
    FROM (SELECT DISTINCT txt(to_names) AS to_names FROM temp.message_values
          WHERE txt(recipient_profile_urls) IS NULL AND txt(to_names) IS NOT NULL)
),
known AS (  -- full display names holding ", " (only those can span several pieces)
    SELECT DISTINCT lower(n) AS k
    FROM (SELECT name AS n FROM temp.staged_connections
          UNION ALL SELECT from_name FROM temp.staged_invitations
          UNION ALL SELECT to_name FROM temp.staged_invitations
          UNION ALL SELECT txt(from_name) FROM (SELECT DISTINCT from_name FROM temp.message_values)
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
