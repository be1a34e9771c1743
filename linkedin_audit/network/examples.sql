-- name: messages_per_month
-- Messages per month: sent by you and received, drafts and sponsored messages left out.
SELECT date_trunc('month', sent_at)::DATE AS month,
       count(*) FILTER (WHERE is_from_me) AS sent,
       count(*) FILTER (WHERE NOT is_from_me) AS received
FROM messages
WHERE NOT coalesce(is_draft, false) AND NOT coalesce(is_sponsored, false) AND sent_at IS NOT NULL
GROUP BY ALL
ORDER BY month;

-- name: history_with
-- Your whole history with one person (part of their name: -p person "Ada"): the invitation, every message
-- either way in a conversation you both take part in, endorsements and recommendations, oldest first.
WITH who AS (
    SELECT person_id, name FROM people WHERE name ILIKE '%' || $person || '%'
)
SELECT i.sent_at AS happened_at, 'invitation ' || i.direction AS what, who.name AS person,
       coalesce(i.message, '') AS text
FROM invitations i JOIN who ON who.person_id = i.counterparty_person_id
UNION ALL
SELECT m.sent_at, CASE WHEN m.is_from_me THEN 'message sent' ELSE 'message from ' || m.sender_name END,
       who.name, m.content_text
FROM conversation_messages m
JOIN conversation_participants cp ON cp.conversation_id = m.conversation_id
JOIN who ON who.person_id = cp.person_id
UNION ALL
SELECT e.endorsed_at, 'endorsement ' || e.direction || ': ' || coalesce(e.skill, ''), who.name, ''
FROM endorsements e JOIN who USING (person_id)
UNION ALL
SELECT r.created_at, 'recommendation ' || r.direction, who.name, coalesce(r.text, '')
FROM recommendations r JOIN who USING (person_id)
ORDER BY happened_at NULLS LAST, what;

-- name: silent_no_note_invitations
-- Invitations you sent without a note to people you have never talked to (no message either way since).
SELECT i.sent_at, i.counterparty_name AS name, p.company, p.position, p.tie_class
FROM invitation_notes n
JOIN invitations i USING (invitation_id)
LEFT JOIN connection_profile p ON p.person_id = i.counterparty_person_id
WHERE n.direction = 'outgoing' AND n.note_kind = 'no_note'
  AND NOT EXISTS (
      SELECT 1 FROM conversation_messages m JOIN conversation_participants cp USING (conversation_id)
      WHERE cp.person_id = i.counterparty_person_id
  )
ORDER BY i.sent_at DESC;

-- name: who_at_company
-- Who you know at a company (part of its name: -p company "Acme"), strongest tie first; `linkedin-audit who`
-- answers the same question with the conservative company rule and former employees.
SELECT name, company, position, seniority, function, tie_class, round(score, 1) AS score,
       CAST(last_message_at AS DATE) AS last_contact, last_message_by AS wrote_last, profile_url
FROM connection_profile
WHERE still_connected AND (company_group ILIKE '%' || $company || '%' OR company ILIKE '%' || $company || '%')
ORDER BY score DESC, name;

-- name: network_composition
-- What your network is made of: connections by seniority and function, and how many you ever talked to.
SELECT seniority, function, count(*) AS connections, count(*) FILTER (WHERE talked) AS talked_to
FROM connection_profile
WHERE still_connected
GROUP BY ALL
ORDER BY connections DESC, seniority, function;
