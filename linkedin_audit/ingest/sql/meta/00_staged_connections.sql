-- relation: temp.staged_connections
-- reads: staging.connections
-- materialize: temp
-- temp.staged_connections: the view staging.connections computed once for the build. Its four readers at the
-- build (meta.to_names, temp.mention_sources, connections, network_changes) each computed the view again
-- (record numbers, trims, dates over every export's rows: ~0.1 CPU s each at max scale, two exports).
CREATE OR REPLACE TEMP TABLE staged_connections AS SELECT * FROM staging.connections;
