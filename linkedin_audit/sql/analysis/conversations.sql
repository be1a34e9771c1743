-- One row per conversation (docs/metrics.md, "Conversations and replies"); read by analyses/replies.py.
-- Two placeholders in braces are filled by the module: person_connection (a SELECT of person_id,
-- connected_on) and message_templates (a SELECT of message_id, template_id). Parameter: $as_of (TIMESTAMP).
WITH source AS (
    -- A conversation's messages are its non-draft rows.
    SELECT
        message_id,
        conversation_id,
        sent_at,
        coalesce(is_from_me, false) AS is_from_me,
        sender_person_id,
        coalesce(is_sponsored, false) AS is_sponsored,
        coalesce(folder = 'SPAM', false) AS is_spam,
        coalesce(is_hidden_sender, false) AS is_hidden_sender
    FROM messages
    WHERE NOT coalesce(is_draft, false) AND conversation_id IS NOT NULL AND sent_at IS NOT NULL
),

ordered AS (
    -- Ties on sent_at: the owner's message counts as first.
    SELECT
        *,
        row_number() OVER (
            PARTITION BY conversation_id ORDER BY sent_at, is_from_me DESC, message_id
        ) AS rn
    FROM source
),

firsts AS (
    SELECT
        conversation_id,
        message_id AS first_message_id,
        sent_at AS first_message_at,
        is_from_me AS started_by_me,
        sender_person_id AS starter_person_id
    FROM ordered
    WHERE rn = 1
),

flags AS (
    SELECT
        conversation_id,
        count(*) AS n_messages,
        count(*) FILTER (WHERE is_from_me) AS n_messages_from_me,
        bool_or(is_sponsored) AS any_sponsored,
        bool_or(is_spam) AS any_spam,
        bool_or(is_hidden_sender) AS any_hidden_sender
    FROM source
    GROUP BY conversation_id
),

replies AS (
    -- The reply that answers the starter: another participant's when the owner started, the owner's
    -- first message when someone else started ("roles swapped").
    SELECT
        f.conversation_id,
        min(o.sent_at) AS first_reply_at
    FROM firsts AS f
    JOIN ordered AS o ON o.conversation_id = f.conversation_id
    WHERE o.rn > 1
      AND o.sent_at >= f.first_message_at
      AND (CASE WHEN f.started_by_me THEN NOT o.is_from_me ELSE o.is_from_me END)
    GROUP BY f.conversation_id
),

others AS (
    -- Other participants: everyone in conversation_participants but the owner, plus any sender missing
    -- from it (so a conversation is never "no one else" because the participants list lagged).
    SELECT conversation_id, person_id
    FROM conversation_participants
    WHERE NOT coalesce(is_me, false) AND person_id IS NOT NULL
    UNION
    SELECT conversation_id, sender_person_id
    FROM source
    WHERE NOT is_from_me AND sender_person_id IS NOT NULL
),

person_connection AS ({person_connection}),

participant_status AS (
    SELECT
        o.conversation_id,
        o.person_id,
        bool_or(pc.connected_on IS NOT NULL AND pc.connected_on <= CAST(f.first_message_at AS DATE))
            AS is_connection
    FROM others AS o
    JOIN firsts AS f ON f.conversation_id = o.conversation_id
    LEFT JOIN person_connection AS pc ON pc.person_id = o.person_id
    GROUP BY o.conversation_id, o.person_id
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

message_templates AS ({message_templates}),

final AS (
    SELECT
        f.conversation_id,
        coalesce(p.participant_ids, []::BIGINT[]) AS participant_ids,
        CAST(coalesce(p.n_others, 0) + 1 AS BIGINT) AS n_participants,
        coalesce(p.n_others, 0) >= 2 AS is_group,
        f.started_by_me,
        CASE WHEN f.started_by_me THEN NULL ELSE f.starter_person_id END AS starter_person_id,
        fl.n_messages,
        fl.n_messages_from_me,
        f.first_message_id,
        f.first_message_at,
        r.first_reply_at,
        CAST(epoch(r.first_reply_at) - epoch(f.first_message_at) AS DOUBLE) AS first_reply_latency_s,
        coalesce(r.first_reply_at <= f.first_message_at + INTERVAL 7 DAY, false) AS replied_7d,
        coalesce(r.first_reply_at <= f.first_message_at + INTERVAL 30 DAY, false) AS replied_30d,
        f.first_message_at + INTERVAL 7 DAY > $as_of AS censored_7d,
        f.first_message_at + INTERVAL 30 DAY > $as_of AS censored_30d,
        fl.any_sponsored OR fl.any_spam OR fl.any_hidden_sender AS excluded,
        CASE
            WHEN fl.any_sponsored THEN 'sponsored'
            WHEN fl.any_spam THEN 'spam'
            WHEN fl.any_hidden_sender THEN 'hidden_sender'
        END AS exclusion_reason,
        CASE WHEN f.started_by_me THEN mt.template_id END AS first_message_template_id,
        p.recipient_is_connection
    FROM firsts AS f
    JOIN flags AS fl ON fl.conversation_id = f.conversation_id
    LEFT JOIN replies AS r ON r.conversation_id = f.conversation_id
    LEFT JOIN participants AS p ON p.conversation_id = f.conversation_id
    LEFT JOIN message_templates AS mt ON mt.message_id = f.first_message_id
)

SELECT * FROM final ORDER BY first_message_at, conversation_id
