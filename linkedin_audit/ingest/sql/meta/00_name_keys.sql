-- relation: temp.name_keys
-- reads: temp.mention_sources, temp.message_values
-- materialize: temp
-- temp.name_keys: the identity name key (the name_key macro, staging/00_macros.sql) of every distinct name
-- the build keys: every name of temp.mention_sources (connections, invitations, message senders and TO
-- names, endorsements, recommendations, follows, the owner) and every raw message sender (also those
-- without a URL or Direction, which temp.message_senders keys too). Why a table: the macro's Unicode regex
-- costs 2-3 ms to compile in each statement that uses it (about 10 statements a build); computed here once,
-- the other statements join this table on the name instead. A name missing here gets a NULL key, so a
-- reader joins on a name exactly as gathered here: staging's connection `name` and the endorsers' and
-- recommenders' `nullif(trim(first last), '')` (name_key trims and folds spaces itself: the same key as
-- the untrimmed `first last`), counterparty_name, meta.to_names.name, full_name, txt(from_name).
-- The owner's keys (meta/90_owner_by_export.sql, at load, before this table exists) call the macro directly.
CREATE OR REPLACE TEMP TABLE name_keys AS
SELECT name, name_key(name) AS name_key
FROM (SELECT name FROM temp.mention_sources
      UNION
      SELECT txt(from_name) FROM (SELECT DISTINCT from_name FROM temp.message_values))
WHERE name IS NOT NULL;
