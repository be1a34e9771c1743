-- relation: temp.staged_invitations
-- reads: staging.invitations
-- materialize: temp
-- temp.staged_invitations: the view staging.invitations computed once for the build. Its readers at the build
-- (meta.to_names and temp.mention_sources twice each, invitations) each computed the view again (~0.17 CPU s
-- each at max scale, two exports). meta.owner_by_export reads the view: it runs at load, not at the build.
CREATE OR REPLACE TEMP TABLE staged_invitations AS SELECT * FROM staging.invitations;
