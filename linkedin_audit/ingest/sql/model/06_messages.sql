-- relation: main.messages
-- reads: raw.messages, temp.merging, staging.messages, temp.message_senders, temp.message_owner
-- materialize: incremental
-- state: meta.message_keys
-- messages: every message row of every era, merged over exports by its key (conversation, sender, time,
-- content: a hash of the raw text, no parsing) and the key's occurrence in its export (two identical rows in one
-- file stay two messages). Drafts, sponsored messages and spam are kept and flagged.
-- Incremental: the ingest runs this file once per export not merged yet (temp.merging holds its id, oldest
-- first; ingest/model.py). A row whose key the model holds with the same values is only marked as seen again
-- (last_export_id); only new rows, and rows whose other columns changed (folder, URLs, ...), go through the
-- staging transforms. So a new month's export costs what is new in it, and the result is the same as merging
-- every export from scratch: a message keeps the values of the newest export holding it.
-- message_id = the first export holding the message * 1e9 + its position in that export's messages file(s):
-- stable from one ingest to the next.

CREATE TABLE IF NOT EXISTS meta.message_keys (
    nk UBIGINT, occ BIGINT, vh UBIGINT, message_id BIGINT, direction VARCHAR
);

-- Declared rather than CREATE TABLE AS, for the two long texts: at max scale ZSTD writes them in 1.1 s CPU and
-- 57 MB, the automatic choice (DICT_FSST) in 3.2 s and 173 MB.
CREATE TABLE IF NOT EXISTS messages (
    message_id BIGINT, conversation_id VARCHAR, conversation_title VARCHAR, sender_name VARCHAR,
    sender_url_key VARCHAR, sender_person_id BIGINT, to_names VARCHAR, recipient_url_keys VARCHAR[],
    sent_at TIMESTAMP, subject VARCHAR,
    content VARCHAR USING COMPRESSION zstd, content_text VARCHAR USING COMPRESSION zstd,
    folder VARCHAR, attachments VARCHAR, is_draft BOOLEAN, is_from_me BOOLEAN, is_sponsored BOOLEAN,
    is_hidden_sender BOOLEAN, first_export_id INTEGER, last_export_id INTEGER
);

-- The export's rows: key (nk, occ), a hash of every other column the staging view reads (vh: a change there
-- means the newest copy differs), and the model's message with that key, if any.
CREATE OR REPLACE TEMP TABLE merging_rows AS
WITH source AS (
    SELECT rowid AS raw_rowid, file,
           hash(conversation_id, from_name, to_names, date, subject, content) AS nk,
           hash(conversation_title, sender_profile_url, recipient_profile_urls, folder, attachments,
                is_message_draft, is_conversation_draft, direction) AS vh,
           upper(txt(direction)) AS direction
    FROM raw.messages
    WHERE export_id = (SELECT export_id FROM merging)
),
positioned AS (  -- files in name order, records in file order (raw keeps it: rowid)
    SELECT *, row_number() OVER (ORDER BY file, raw_rowid) AS position FROM source
),
numbered AS (
    SELECT *, row_number() OVER (PARTITION BY nk ORDER BY position) AS occ FROM positioned
)
SELECT n.raw_rowid, n.position, n.nk, n.occ, n.vh, n.direction, k.message_id, k.vh AS known_vh
FROM numbered n LEFT JOIN meta.message_keys k USING (nk, occ);

-- Rows to type: new keys (a new id), and known keys with other values (their id and first export kept).
CREATE OR REPLACE TEMP TABLE merging_typed AS
SELECT r.raw_rowid, r.position, r.nk, r.occ, r.vh, r.direction,
       coalesce(r.message_id, CAST((SELECT export_id FROM merging) AS BIGINT) * 1000000000 + r.position)
           AS message_id,
       coalesce(m.first_export_id, (SELECT export_id FROM merging)) AS first_export_id
FROM merging_rows r
LEFT JOIN messages m ON m.message_id = r.message_id
WHERE r.message_id IS NULL OR r.vh IS DISTINCT FROM r.known_vh;

UPDATE messages SET last_export_id = (SELECT export_id FROM merging)
WHERE message_id IN (SELECT message_id FROM merging_rows
                     WHERE message_id IS NOT NULL AND vh IS NOT DISTINCT FROM known_vh);

DELETE FROM messages WHERE message_id IN (SELECT message_id FROM merging_typed);
DELETE FROM meta.message_keys WHERE message_id IN (SELECT message_id FROM merging_typed);

-- The rows to type, with their position standing in for the record number the staging macro expects.
CREATE OR REPLACE TEMP VIEW merging_raw AS
SELECT t.position AS line, r.*
FROM raw.messages r JOIN merging_typed t ON r.rowid = t.raw_rowid
WHERE r.export_id = (SELECT export_id FROM merging);

INSERT INTO meta.message_keys SELECT nk, occ, vh, message_id, direction FROM merging_typed;

-- The URL keys and the sender's person, once per distinct raw value rather than per row (url_key and the
-- list of recipients' keys on every row of a max-scale export cost ~0.8 s CPU): keyed by the values the
-- staging macro gives (txt of the sender's URL and name, upper(txt) of the Direction; the recipients' text).
CREATE OR REPLACE TEMP TABLE merging_senders AS
SELECT v.sender_profile_url, v.sender_name, v.direction, v.sender_url_key, snd.person_id
FROM (SELECT *, url_key(sender_profile_url) AS sender_url_key
      FROM (SELECT DISTINCT txt(sender_profile_url) AS sender_profile_url, txt(from_name) AS sender_name,
                   upper(txt(direction)) AS direction
            FROM (SELECT DISTINCT sender_profile_url, from_name, direction FROM raw.messages
                  WHERE export_id = (SELECT export_id FROM merging)))) v
LEFT JOIN temp.message_senders snd
    ON coalesce(snd.sender_url_key, '') = coalesce(v.sender_url_key, '')
   AND snd.sender_name = v.sender_name AND snd.outgoing = coalesce(v.direction = 'OUTGOING', false);

CREATE OR REPLACE TEMP TABLE merging_recipients AS
SELECT recipient_profile_urls,
       list_filter(list_transform(string_split(recipient_profile_urls, ','), lambda u: url_key(u)),
                   lambda k: k IS NOT NULL) AS recipient_url_keys
FROM (SELECT DISTINCT txt(recipient_profile_urls) AS recipient_profile_urls
      FROM (SELECT DISTINCT recipient_profile_urls FROM raw.messages WHERE export_id = (SELECT export_id FROM merging)))
WHERE recipient_profile_urls IS NOT NULL;

INSERT INTO messages
SELECT t.message_id, s.conversation_id, s.conversation_title, s.sender_name, snd.sender_url_key,
       snd.person_id AS sender_person_id, s.to_names, rcp.recipient_url_keys, s.sent_at, s.subject,
       s.content, s.content_text, s.folder, s.attachments, s.is_draft,
       message_is_from_me(s.direction, snd.sender_url_key, o.url_key, snd.person_id, o.person_id) AS is_from_me,
       s.is_sponsored, coalesce(s.is_hidden_sender, false) AS is_hidden_sender, t.first_export_id,
       (SELECT export_id FROM merging) AS last_export_id
FROM staging.messages_of('merging_raw') s
JOIN merging_typed t ON t.position = s.line
JOIN merging_senders snd
    ON snd.sender_profile_url IS NOT DISTINCT FROM s.sender_profile_url
   AND snd.sender_name IS NOT DISTINCT FROM s.sender_name AND snd.direction IS NOT DISTINCT FROM s.direction
LEFT JOIN merging_recipients rcp ON rcp.recipient_profile_urls = s.recipient_profile_urls
CROSS JOIN temp.message_owner o;

DROP VIEW merging_raw;
DROP TABLE merging_typed;
DROP TABLE merging_senders;
DROP TABLE merging_recipients;
DROP TABLE merging_rows;
