-- relation: main.person_connections
-- reads: main.connections, main.people
-- materialize: view
-- person_connections: who is a connection, and since when. One matching rule shared by replies, acceptance
-- and ties (docs/metrics.md): a person is matched to `connections` by `url_key`, else by `name_key`. The
-- identity layer already gives both sides a person_id; matching on it alone would silently depend on how
-- identity merged people, so the rule is spelled out as three equi-joins (person_id, URL, name when a URL
-- is missing on either side) whose union is taken. Equi-joins keep it linear; an OR-join would be a nested
-- loop. A view: the analyses inline it into their own queries, as they inlined the SQL it replaces.
-- A person may match several rows (re-connected, or a name shared by two connections); callers pick the row
-- or date their rule needs.
CREATE OR REPLACE VIEW person_connections AS
SELECT DISTINCT person_id, connection_person_id, connected_on FROM (
    SELECT c.person_id, c.person_id AS connection_person_id, c.connected_on
    FROM connections c WHERE c.person_id IS NOT NULL
    UNION ALL
    SELECT p.person_id, c.person_id, c.connected_on
    FROM people p JOIN connections c ON c.url_key = p.url_key
    UNION ALL
    SELECT p.person_id, c.person_id, c.connected_on
    FROM connections c
    JOIN people pc ON pc.person_id = c.person_id
    JOIN people p ON p.name_key = pc.name_key
    WHERE (p.url_key IS NULL OR c.url_key IS NULL) AND p.name_key IS NOT NULL AND p.name_key <> ''
      AND NOT p.is_me  -- a connection with the owner's name is a namesake, never the owner
) WHERE person_id IS NOT NULL;
