-- relation: main.conversation_participants
-- reads: main.messages, meta.to_names, temp.name_keys, meta.person_ids, meta.name_to_person_key, meta.owner_names, main.me
-- materialize: table
-- conversation_participants: every sender and every recipient of each conversation, the owner included.
-- Recipients come from RECIPIENT PROFILE URLS; files without URLs give the names of TO, split by the
-- known-name rule of meta.to_names (meta/00_to_names.sql), so `Jane Doe, PhD` stays one person.
CREATE OR REPLACE TABLE conversation_participants AS
WITH senders AS (
    SELECT conversation_id, sender_person_id AS person_id, count(*) FILTER (WHERE NOT is_draft) AS n
    FROM messages
    WHERE conversation_id IS NOT NULL AND sender_person_id IS NOT NULL
    GROUP BY ALL
),
recipient_urls AS (
    SELECT DISTINCT conversation_id, unnest(recipient_url_keys) AS url_key
    FROM messages
    WHERE conversation_id IS NOT NULL AND recipient_url_keys IS NOT NULL
),
recipient_names AS (  -- TO split into names (meta.to_names), once per distinct TO; keys: temp.name_keys
    SELECT DISTINCT r.conversation_id, k.name_key
    FROM (SELECT DISTINCT conversation_id, to_names FROM messages
          WHERE conversation_id IS NOT NULL AND recipient_url_keys IS NULL AND to_names IS NOT NULL) r
    JOIN meta.to_names t USING (to_names)
    LEFT JOIN temp.name_keys k ON k.name = t.name
),
recipients AS (
    SELECT r.conversation_id, p.person_id, 0 AS n
    FROM recipient_urls r JOIN meta.person_ids p ON p.person_key = 'u:' || r.url_key
    UNION ALL
    SELECT r.conversation_id, p.person_id, 0
    FROM recipient_names r
    JOIN meta.name_to_person_key k  -- a name of the owner's in TO is the owner (00_identity.sql)
        ON k.name_key = r.name_key AND k.as_owner = (r.name_key IN (SELECT name_key FROM meta.owner_names))
    JOIN meta.person_ids p USING (person_key)
),
final AS (
    SELECT conversation_id, person_id,
           coalesce(person_id = (SELECT person_id FROM me), false) AS is_me,
           CAST(sum(n) AS BIGINT) AS messages_sent
    FROM (SELECT * FROM senders UNION ALL SELECT * FROM recipients)
    GROUP BY conversation_id, person_id
)
SELECT * FROM final ORDER BY conversation_id, person_id;
