-- relation: main.messages
-- reads: main.messages, meta.message_keys, temp.message_senders, temp.message_owner
-- materialize: refresh
-- messages.sender_person_id and is_from_me of the messages merged by earlier ingests: identity
-- (sql/meta/) and the owner can change with any export (a name-only sender matched to a profile URL, an
-- owner first named by a later export). The same rules as 06_messages.sql; only rows whose values change are
-- written. (Skipped by ingest/model.py when every message was merged by this ingest.)
CREATE OR REPLACE TEMP TABLE message_identity AS
WITH fresh AS (
    SELECT m.message_id, snd.person_id AS sender_person_id,
           message_is_from_me(k.direction, m.sender_url_key, o.url_key, snd.person_id, o.person_id) AS is_from_me,
           m.sender_person_id AS old_person_id, m.is_from_me AS old_is_from_me
    FROM messages m
    JOIN meta.message_keys k USING (message_id)
    LEFT JOIN temp.message_senders snd
        ON coalesce(snd.sender_url_key, '') = coalesce(m.sender_url_key, '')
       AND snd.sender_name = m.sender_name AND snd.outgoing = coalesce(k.direction = 'OUTGOING', false)
    CROSS JOIN temp.message_owner o
)
SELECT message_id, sender_person_id, is_from_me FROM fresh
WHERE sender_person_id IS DISTINCT FROM old_person_id OR is_from_me IS DISTINCT FROM old_is_from_me;

UPDATE messages SET sender_person_id = i.sender_person_id, is_from_me = i.is_from_me
FROM message_identity i WHERE messages.message_id = i.message_id;

DROP TABLE message_identity;
