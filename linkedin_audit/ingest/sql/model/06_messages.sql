-- messages: every message row of every era, merged over exports by (conversation, sender, time, content).
-- Drafts, sponsored messages and spam are kept and flagged. The merge key is a hash of the raw text
-- (cheap: no parsing), and each message keeps the row of the newest export that has it.
-- message_id = export id * 1e9 + the message's position in that export's messages file(s).
-- Only the kept raw rows (the newest export's copy of each message) go through the staging transforms:
-- typing every raw row of a history and then dropping the older copies cost twice as much.
CREATE OR REPLACE TEMP TABLE messages_span AS
WITH keyed AS (
    SELECT export_id, file, rowid AS raw_rowid,
           hash(conversation_id, from_name, to_names, date, subject, content) AS nk
    FROM raw.messages
),
copies AS (  -- first and last export of each message: a GROUP BY and a join, not windows
    SELECT nk, min(export_id) AS first_export_id, max(export_id) AS last_export_id FROM keyed GROUP BY nk
),
positioned AS (  -- files in name order, records in file order (raw keeps it: rowid)
    SELECT export_id, raw_rowid, nk,
           row_number() OVER (PARTITION BY export_id ORDER BY file, raw_rowid) AS position
    FROM keyed
)
SELECT p.export_id, p.raw_rowid, p.position, c.first_export_id, c.last_export_id
FROM positioned p
JOIN copies c ON c.nk = p.nk AND c.last_export_id = p.export_id;

-- The kept raw rows, with their position standing in for the record number the staging macro expects.
CREATE OR REPLACE TEMP VIEW messages_kept_raw AS
SELECT sp.position AS line, r.* FROM raw.messages r JOIN messages_span sp ON r.rowid = sp.raw_rowid;

-- Declared rather than CREATE TABLE AS, for the two long texts: at max scale ZSTD writes them in 1.1 s CPU and
-- 57 MB, the automatic choice (DICT_FSST) in 3.2 s and 173 MB.
CREATE OR REPLACE TABLE messages (
    message_id BIGINT, conversation_id VARCHAR, conversation_title VARCHAR, sender_name VARCHAR,
    sender_url_key VARCHAR, sender_person_id BIGINT, to_names VARCHAR, recipient_url_keys VARCHAR[],
    sent_at TIMESTAMP, subject VARCHAR,
    content VARCHAR USING COMPRESSION zstd, content_text VARCHAR USING COMPRESSION zstd,
    folder VARCHAR, attachments VARCHAR, is_draft BOOLEAN, is_from_me BOOLEAN, is_sponsored BOOLEAN,
    is_hidden_sender BOOLEAN, first_export_id INTEGER, last_export_id INTEGER
);

INSERT INTO messages
WITH span AS (
    SELECT * FROM messages_span
),
senders AS (
    -- one person id per distinct (sender URL, sender name); names only for files without URLs. Distinct raw
    -- values first: url_key on every raw row cost 0.45 s at max scale.
    SELECT s.sender_url_key, s.sender_name, l.person_id
    FROM (SELECT DISTINCT url_key(txt(sender_profile_url)) AS sender_url_key, txt(from_name) AS sender_name
          FROM (SELECT DISTINCT sender_profile_url, from_name FROM raw.messages)) s
    JOIN meta.person_lookup l
        ON coalesce(l.url_key, '') = coalesce(s.sender_url_key, '')
       AND coalesce(l.name_key, '') = coalesce(name_key(s.sender_name), '')
    WHERE coalesce(s.sender_name, '') <> 'LinkedIn Member'
    QUALIFY row_number() OVER (PARTITION BY s.sender_url_key, s.sender_name ORDER BY l.person_id) = 1
),
owner AS (
    SELECT any_value(url_key) AS url_key, any_value(person_id) AS person_id FROM me
),
final AS (
    SELECT CAST(s.export_id AS BIGINT) * 1000000000 + sp.position AS message_id,
           s.conversation_id, s.conversation_title, s.sender_name, s.sender_url_key,
           snd.person_id AS sender_person_id, s.to_names, s.recipient_url_keys, s.sent_at, s.subject,
           s.content, s.content_text, s.folder, s.attachments, s.is_draft,
           CASE WHEN s.direction IS NOT NULL THEN s.direction = 'OUTGOING'
                WHEN s.sender_url_key IS NOT NULL AND owner.url_key IS NOT NULL THEN s.sender_url_key = owner.url_key
                ELSE coalesce(snd.person_id = owner.person_id, false) END AS is_from_me,
           s.is_sponsored, s.is_hidden_sender, sp.first_export_id, sp.last_export_id
    FROM staging.messages_of('messages_kept_raw') s
    JOIN span sp ON s.export_id = sp.export_id AND s.line = sp.position
    LEFT JOIN senders snd
        ON coalesce(snd.sender_url_key, '') = coalesce(s.sender_url_key, '')
       AND snd.sender_name = s.sender_name
    CROSS JOIN owner
)
SELECT * FROM final;

DROP VIEW messages_kept_raw;
DROP TABLE messages_span;
