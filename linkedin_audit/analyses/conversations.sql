-- One row per conversation (docs/metrics.md, "Conversations and replies"); read by analyses/replies.py.
-- Reads the model (messages, the view conversation_messages, conversation_participants, person_connections,
-- and the company names of connections and positions) and `message_templates`, which the templates step
-- writes before.
-- Parameter: $as_of (TIMESTAMP).
WITH url_exports AS (
    -- Exports whose messages file has SENDER PROFILE URL (every era but 2018's): the owner's own rows carry it.
    SELECT first_export_id AS export_id FROM messages
    GROUP BY first_export_id HAVING bool_or(sender_url_key IS NOT NULL)
),

known_companies AS (
    -- Company names the export itself knows (connections' employers, the owner's):
    -- a sender with one of these names is the company writing, not a person.
    SELECT DISTINCT lower(trim(c)) AS company FROM (
        SELECT company AS c FROM connections
        UNION ALL SELECT company_name FROM positions)
    WHERE nullif(trim(c), '') IS NOT NULL
),

source AS (
    -- A conversation's messages: the view conversation_messages (non-draft rows), those with a time. A row
    -- with no sender name is LinkedIn's own line
    -- ("message request accepted", a conversation opened) or a deleted account: a *system line*, nobody's
    -- message. It starts and answers nothing and never decides whether a conversation is a person's.
    SELECT
        message_id,
        conversation_id,
        sent_at,
        coalesce(is_from_me, false) AS is_from_me,
        sender_person_id,
        coalesce(is_sponsored, false) AS is_sponsored,
        coalesce(folder = 'SPAM', false) AS is_spam,
        coalesce(is_hidden_sender, false) AS is_hidden_sender,
        -- Marketing (LinkedIn Premium offers, brands): a sender who is not a person. Where the file has
        -- SENDER PROFILE URL, a named sender without one who is not the owner and not `LinkedIn Member`. In
        -- files without the column (2018-2020), a sender who looks like a brand: a name with "LinkedIn" in it
        -- ("... from LinkedIn Premium"), a company-like name (a legal form or a business word, "&"), the name
        -- of a company the export knows, or a sponsored subject. (Never "never answered and not a
        -- connection": that removes exactly the strangers the member ignored and flatters the reply rate.)
        -- One CASE, not AND/OR: a CASE evaluates each test only on the rows no earlier test decided, while a
        -- projection's AND/OR evaluates every operand on every row (the regexes on ~1,000,000 senders).
        CASE
            WHEN coalesce(is_from_me, false) OR coalesce(is_hidden_sender, false) OR sender_url_key IS NOT NULL
                 OR sender_name IS NULL THEN false
            WHEN first_export_id IN (SELECT export_id FROM url_exports) THEN true
            WHEN regexp_matches(sender_name, 'linkedin', 'i') THEN true
            WHEN regexp_matches(sender_name, '&|\b(inc|llc|ltd|gmbh|ag|plc|corp|corporation|company|co|'
                  || 'group|team|jobs|careers|recruiting|hiring|talent|academy|university|institute|'
                  || 'foundation|nonprofit|telecom|insurance|bank|media|labs?|systems|solutions|analytics|'
                  || 'consulting|services|technologies|software|capital|partners|health|energy|security|'
                  || 'foods|mobility|biotech|education|games|architecture|finance|retail|genomics|'
                  || 'manufacturing|legal|design|cloud|agritech|logistics|robotics|premium|news|digital|'
                  || 'marketing|learning|events|webinars?|newsletter)\b\.?$', 'i') THEN true
            WHEN lower(trim(sender_name)) IN (SELECT company FROM known_companies) THEN true
            ELSE regexp_matches(coalesce(subject, '') || ' ' || coalesce(conversation_title, ''),
                                '\b(sponsored|inmail)\b', 'i')
        END AS is_marketing,
        -- A system line: no sender name, no sender URL, nobody we know, not the owner, not flagged otherwise
        -- (conversation_messages.is_system_line, its one definition).
        is_system_line
    FROM conversation_messages
    WHERE sent_at IS NOT NULL
),

people_lines AS (
    SELECT * FROM source WHERE NOT is_system_line
),

system_lines AS (
    SELECT conversation_id, count(*) AS n_system_lines FROM source WHERE is_system_line GROUP BY conversation_id
),

per_conversation AS (
    -- One pass over the messages, no window and no self-join. The first message is the earliest by
    -- (sent_at, the owner's first on ties, message_id); the first message from each side gives the reply.
    SELECT
        conversation_id,
        arg_min_null(struct_pack(message_id, is_from_me, sender_person_id),
                     (sent_at, NOT is_from_me, message_id)) AS first_row,
        min(sent_at) AS first_message_at,
        min(sent_at) FILTER (WHERE is_from_me) AS first_mine_at,
        min(sent_at) FILTER (WHERE NOT is_from_me) AS first_theirs_at,
        count(*) AS n_messages,
        count(*) FILTER (WHERE is_from_me) AS n_messages_from_me,
        bool_or(is_sponsored) AS any_sponsored,
        bool_or(is_spam) AS any_spam,
        bool_or(is_hidden_sender) AS any_hidden_sender,
        coalesce(bool_or(is_marketing), false) AS any_marketing
    FROM people_lines
    GROUP BY conversation_id
),

firsts AS (
    SELECT
        conversation_id,
        first_row.message_id AS first_message_id,
        first_message_at,
        first_row.is_from_me AS started_by_me,
        first_row.sender_person_id AS starter_person_id,
        -- The reply that answers the starter: another participant's first message when the owner started,
        -- the owner's first message when someone else started ("roles swapped").
        CASE WHEN first_row.is_from_me THEN first_theirs_at ELSE first_mine_at END AS first_reply_at,
        n_messages,
        n_messages_from_me,
        any_sponsored,
        any_spam,
        any_hidden_sender,
        any_marketing
    FROM per_conversation
),

others AS (
    -- Other participants: everyone in conversation_participants but the owner, plus any sender missing
    -- from it (so a conversation is never "no one else" because the participants list lagged).
    SELECT conversation_id, person_id
    FROM conversation_participants
    WHERE NOT coalesce(is_me, false) AND person_id IS NOT NULL
    UNION
    SELECT conversation_id, sender_person_id
    FROM people_lines
    WHERE NOT is_from_me AND sender_person_id IS NOT NULL
),

person_connection AS (
    SELECT DISTINCT person_id, connected_on FROM person_connections WHERE connected_on IS NOT NULL
),

first_connection AS (
    -- A participant is a connection at the first message when their earliest connection date is on or
    -- before that day (the same as any of their dates being so).
    SELECT person_id, min(connected_on) AS connected_on FROM person_connection GROUP BY person_id
),

participant_status AS (
    SELECT
        o.conversation_id,
        o.person_id,
        coalesce(fc.connected_on <= CAST(f.first_message_at AS DATE), false) AS is_connection
    FROM others AS o
    JOIN firsts AS f ON f.conversation_id = o.conversation_id
    LEFT JOIN first_connection AS fc ON fc.person_id = o.person_id
),

participants AS (
    SELECT
        conversation_id,
        list_sort(list(person_id)) AS participant_ids,
        count(*) AS n_others,
        bool_and(is_connection) AS recipient_is_connection
    FROM participant_status
    GROUP BY conversation_id
),

final AS (
    SELECT
        f.conversation_id,
        coalesce(p.participant_ids, []::BIGINT[]) AS participant_ids,
        CAST(coalesce(p.n_others, 0) + 1 AS BIGINT) AS n_participants,
        coalesce(p.n_others, 0) >= 2 AS is_group,
        f.started_by_me,
        CASE WHEN f.started_by_me THEN NULL ELSE f.starter_person_id END AS starter_person_id,
        f.n_messages,
        f.n_messages_from_me,
        f.first_message_id,
        f.first_message_at,
        f.first_reply_at,
        CAST(epoch(f.first_reply_at) - epoch(f.first_message_at) AS DOUBLE) AS first_reply_latency_s,
        coalesce(f.first_reply_at <= f.first_message_at + INTERVAL 7 DAY, false) AS replied_7d,
        coalesce(f.first_reply_at <= f.first_message_at + INTERVAL 30 DAY, false) AS replied_30d,
        f.first_message_at + INTERVAL 7 DAY > $as_of AS censored_7d,
        f.first_message_at + INTERVAL 30 DAY > $as_of AS censored_30d,
        f.any_sponsored OR f.any_spam OR f.any_hidden_sender OR f.any_marketing AS excluded,
        CASE
            WHEN f.any_sponsored THEN 'sponsored'
            WHEN f.any_spam THEN 'spam'
            WHEN f.any_hidden_sender THEN 'hidden_sender'
            WHEN f.any_marketing THEN 'marketing'
        END AS exclusion_reason,
        CASE WHEN f.started_by_me THEN mt.template_id END AS first_message_template_id,
        p.recipient_is_connection,
        coalesce(sl.n_system_lines, 0) AS n_system_lines
    FROM firsts AS f
    LEFT JOIN participants AS p ON p.conversation_id = f.conversation_id
    LEFT JOIN system_lines AS sl ON sl.conversation_id = f.conversation_id
    LEFT JOIN message_templates AS mt ON mt.message_id = f.first_message_id
)

SELECT * FROM final ORDER BY first_message_at, conversation_id
