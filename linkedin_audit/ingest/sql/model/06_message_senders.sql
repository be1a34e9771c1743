-- relation: temp.message_senders
-- reads: raw.messages, temp.name_keys, meta.person_lookup
-- materialize: temp
-- temp.message_senders: one person id per distinct (sender URL, sender name) of the raw messages (names only
-- for files without URLs), and temp.message_owner: the owner's URL key and person id. Read by
-- 06_messages.sql when it types rows and by 06_messages_identity.sql when it refreshes the older ones.
-- Distinct raw values first: url_key on every raw row cost 0.45 s at max scale.
-- A legacy sender without a URL is the owner when its Direction is OUTGOING (a namesake writing to the owner
-- is INCOMING): `outgoing` is part of the key.
CREATE OR REPLACE TEMP TABLE message_senders AS
SELECT s.sender_url_key, s.sender_name, s.outgoing, l.person_id
FROM (SELECT DISTINCT url_key(txt(sender_profile_url)) AS sender_url_key, txt(from_name) AS sender_name,
             coalesce(upper(txt(direction)) = 'OUTGOING', false) AS outgoing
      FROM (SELECT DISTINCT sender_profile_url, from_name, direction FROM raw.messages)) s
LEFT JOIN temp.name_keys k ON k.name = s.sender_name  -- name keys: once a build, in temp.name_keys
JOIN meta.person_lookup l
    ON coalesce(l.url_key, '') = coalesce(s.sender_url_key, '')
   AND coalesce(l.name_key, '') = coalesce(k.name_key, '')
   AND l.as_owner = (s.sender_url_key IS NULL AND s.outgoing)
WHERE coalesce(s.sender_name, '') <> 'LinkedIn Member'
QUALIFY row_number() OVER (PARTITION BY s.sender_url_key, s.sender_name, s.outgoing ORDER BY l.person_id) = 1;
