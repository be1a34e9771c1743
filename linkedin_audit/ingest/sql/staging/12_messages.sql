-- relation: staging.messages
-- reads: raw.messages
-- materialize: view
-- staging.messages: every era of messages.csv, typed. Legacy files (2018/2020) have no conversation id:
-- one is derived from the participants and the subject stripped of Re:/Fwd:-style prefixes (legacy rows
-- are those with a Direction).
-- A table macro over any relation shaped like raw.messages plus a record number `line`, so that the model can
-- type only the rows it keeps
-- (model/06_messages.sql: ~1,000,000 of 2,600,000 raw rows at max scale with a three-export history).
CREATE OR REPLACE MACRO staging.messages_of(tbl) AS TABLE
WITH source AS (
    SELECT * FROM query_table(tbl)
),
renamed AS (
    SELECT
        export_id, file, line,
        txt(conversation_id) AS conversation_id,
        txt(conversation_title) AS conversation_title,
        txt(from_name) AS sender_name,
        txt(sender_profile_url) AS sender_profile_url,
        txt(to_names) AS to_names,
        txt(recipient_profile_urls) AS recipient_profile_urls,
        li_when(date) AS sent_at,
        txt(subject) AS subject,
        content,
        upper(txt(folder)) AS folder,
        txt(attachments) AS attachments,
        coalesce(lower(txt(is_message_draft)) = 'yes', false)
            OR coalesce(lower(txt(is_conversation_draft)) = 'yes', false) AS is_draft,
        upper(txt(direction)) AS direction
    FROM source
),
-- content_text in stacked steps (see strip_tags in 00_macros.sql for why)
untagged AS (
    SELECT *, strip_tags(content) AS _untagged FROM renamed
),
decoded AS (
    SELECT * EXCLUDE (_untagged), decode_entities(_untagged) AS _decoded FROM untagged
),
folded AS (
    SELECT * EXCLUDE (_decoded), fold_ws(_decoded) AS _spaced FROM decoded
),
trimmed AS (
    SELECT * EXCLUDE (_spaced), trim_ends(_spaced) AS _folded FROM folded
),
final AS (
    SELECT
        export_id, file, line,
        CASE
            WHEN conversation_id IS NOT NULL THEN conversation_id
            WHEN direction IS NOT NULL
                -- participants: the sorted ", "-pieces of FROM and TO (the same set whoever writes, even
                -- in a group, without having to tell names from credentials); subject: without reply and
                -- forward prefixes, so "Re: Hello" continues "Hello".
                THEN 'legacy-' || md5(array_to_string(list_sort(string_split(
                                          coalesce(sender_name, '') || ', ' || coalesce(to_names, ''), ', ')), '|')
                                      || '|' || coalesce(CASE WHEN contains(subject, ':') THEN trim(regexp_replace(subject,
                                          '^(\s*(re|fwd?|fw|aw|wg|sv|vs|antw|doorst|tr|rv|res|enc|odp|pd|r)(\s*\[\d+\])?\s*:)+',
                                          '', 'i')) ELSE subject END, ''))
        END AS conversation_id,
        conversation_title, sender_name,
        sender_profile_url,
        to_names,
        recipient_profile_urls,
        sent_at, subject, content,
        nullif(_folded, '') AS content_text,
        CASE WHEN folder = 'ARCHIVED' THEN 'ARCHIVE' ELSE folder END AS folder,
        attachments, is_draft, direction,
        sender_name = 'LinkedIn Member' AS is_hidden_sender,
        -- Sponsored / InMail campaign: spinmail editor markup, an unfilled mail-merge placeholder, or a
        -- sender with no profile URL who is not a hidden member yet writes under a conversation title (a
        -- line with no sender name at all is LinkedIn's own or a deleted account's, never a sponsor's).
        (contains(coalesce(content, ''), 'spinmail-quill-editor')
            OR regexp_matches(coalesce(content, ''), '%(FIRSTNAME|LASTNAME|FIRST_NAME|LAST_NAME|COMPANY)%')
            OR (sender_profile_url IS NULL AND sender_name IS NOT NULL AND sender_name <> 'LinkedIn Member'
                AND conversation_title IS NOT NULL AND conversation_id IS NOT NULL)) AS is_sponsored
    FROM trimmed
)
SELECT * FROM final;

CREATE OR REPLACE VIEW staging.messages AS
WITH numbered AS (
    SELECT record_number(export_id, file, rowid) AS line, * FROM raw.messages
)
SELECT * FROM staging.messages_of(numbered);
