-- relation: meta.person_mentions
-- reads: temp.mention_sources, temp.name_keys, meta.owner_names
-- materialize: table
-- meta.person_mentions: every place a person appears, with URL key and/or name, and `side`: `owner` where
-- the file's structure says it is the owner (the owner side of an invitation, a 2018 OUTGOING sender, the
-- owner's own record), `other` where it cannot be the owner (a connection, an invitation's counterparty, an
-- endorser, a recommender, a followed member, a 2018 INCOMING sender), `either` where nothing says
-- (a name in TO, a URL). `as_owner`: a mention without a URL that is the owner's: on the owner side, or
-- `either` with one of the owner's names. Only the owner's identifiers (URL, invitations, role) make the
-- owner: a connection with the owner's name and no URL (pre-2023 Connections.csv) is another person.
-- `people` groups them. The places are gathered in temp.mention_sources (meta/00_mention_sources.sql).
CREATE OR REPLACE TABLE meta.person_mentions AS
SELECT s.url_key, s.profile_url, s.name, k.name_key, s.src, s.side,
       s.url_key IS NULL AND (s.side = 'owner' OR (s.side = 'either'
           AND k.name_key IN (SELECT name_key FROM meta.owner_names))) AS as_owner
FROM temp.mention_sources s LEFT JOIN temp.name_keys k ON k.name = s.name
WHERE s.url_key IS NOT NULL OR k.name_key IS NOT NULL;
