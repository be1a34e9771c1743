-- relation: meta.owner_by_export
-- reads: main.ingest_files, staging.invitations, staging.profile, raw.messages
-- materialize: per_export
-- meta.owner_by_export: who owns each export, one row per export, appended as each export is loaded (the
-- owner check reads it before the next export loads; the model reads it). The URL comes from Invitations
-- (inviterProfileUrl on OUTGOING rows, inviteeProfileUrl on INCOMING), else from the URL present in most
-- messages; the name from Profile.csv, else the FROM name used with that URL, else the From of outgoing
-- invitations / 2018 messages. The query below reads every export; the filter on the loaded export
-- (getvariable: a constant) reaches the scans, so each export is computed once.
DROP VIEW IF EXISTS staging.owner_by_export;  -- where an earlier linkedin-audit computed it

CREATE TABLE IF NOT EXISTS meta.owner_by_export (
    export_id INTEGER, url_key VARCHAR, profile_url VARCHAR, name VARCHAR, evidence VARCHAR, name_key VARCHAR
);

INSERT INTO meta.owner_by_export
SELECT * FROM (
WITH exports_seen AS (
    SELECT DISTINCT export_id FROM main.ingest_files
),
inv_urls AS (
    SELECT export_id, url_key(profile_url) AS url_key, profile_url, n
    FROM (
        SELECT export_id,
               CASE direction WHEN 'outgoing' THEN inviter_profile_url ELSE invitee_profile_url END
                   AS profile_url,
               count(*) AS n
        FROM staging.invitations
        WHERE direction IN ('outgoing', 'incoming')
        GROUP BY 1, 2  -- by position: GROUP BY ALL also grouped by the CASE's inputs, one row per invitation
    )
    WHERE url_key(profile_url) IS NOT NULL
),
inv_best AS (
    SELECT export_id, arg_max(url_key, n) AS url_key, arg_max(profile_url, n) AS profile_url, max(n) AS n
    FROM inv_urls GROUP BY export_id
),
-- Messages are counted per distinct raw URL text first (a million rows hold a few thousand URLs), so the
-- URL normalisation runs on distinct values only.
msg_rows AS (
    SELECT export_id, count(*) AS total FROM raw.messages GROUP BY export_id
),
msg_senders AS (
    SELECT export_id, sender_profile_url AS url, from_name, count(*) AS n
    FROM raw.messages WHERE sender_profile_url IS NOT NULL GROUP BY ALL
),
msg_recipients AS (
    SELECT export_id, recipient_profile_urls AS urls, count(*) AS n
    FROM raw.messages WHERE recipient_profile_urls IS NOT NULL GROUP BY ALL
),
-- The owner's display name where the export states it (Profile.csv, the From of outgoing invitations). It
-- settles which sender URL is the owner's when messages carry no recipient URLs (2021 - mid-2023 files),
-- where the owner and a frequent correspondent can send equally many messages.
profile_name AS (
    SELECT export_id, any_value(name) AS name FROM staging.profile WHERE name IS NOT NULL GROUP BY export_id
),
inv_name AS (
    SELECT export_id, mode(CASE direction WHEN 'outgoing' THEN from_name ELSE to_name END) AS name
    FROM staging.invitations GROUP BY export_id
),
known_names AS (
    SELECT export_id, name_key(name) AS name_key FROM profile_name
    UNION
    SELECT export_id, name_key(name) FROM inv_name WHERE name IS NOT NULL
),
msg_urls AS (
    SELECT export_id, url_key(url) AS url_key, sum(n) AS n, bool_or(name_match) AS name_match
    FROM (
        SELECT s.export_id, s.url, s.n, k.name_key IS NOT NULL AS name_match
        FROM msg_senders s
        LEFT JOIN known_names k ON k.export_id = s.export_id AND k.name_key = name_key(s.from_name)
        UNION ALL
        SELECT export_id, unnest(list_distinct(string_split(urls, ','))) AS url, n, false FROM msg_recipients
    )
    GROUP BY ALL
    HAVING url_key IS NOT NULL
),
msg_best AS (
    -- The URL in most rows; a sender URL used under the owner's known name wins ties and small exports.
    SELECT u.export_id, arg_max(u.url_key, u.n + CASE WHEN u.name_match THEN 1e12 ELSE 0 END) AS url_key,
           max(u.n) AS n, any_value(r.total) AS total
    FROM msg_urls u JOIN msg_rows r USING (export_id)
    GROUP BY u.export_id
    HAVING max(u.n) * 2 >= any_value(r.total) OR bool_or(u.name_match)
),
chosen AS (
    SELECT e.export_id,
           coalesce(i.url_key, m.url_key) AS url_key,
           coalesce(i.profile_url, 'https://www.' || m.url_key) AS profile_url,
           CASE WHEN i.url_key IS NOT NULL THEN format('invitations.inviterProfileUrl ({} rows)', i.n)
                WHEN m.url_key IS NOT NULL THEN format('messages sender/recipient URL ({} of {} rows)', m.n, m.total)
           END AS url_evidence
    FROM exports_seen e
    LEFT JOIN inv_best i USING (export_id)
    LEFT JOIN msg_best m USING (export_id)
),
msg_name AS (
    SELECT m.export_id, arg_max(trim(m.from_name), m.n) AS name
    FROM msg_senders m JOIN chosen c ON m.export_id = c.export_id AND url_key(m.url) = c.url_key
    WHERE nullif(trim(m.from_name), '') IS NOT NULL
    GROUP BY m.export_id
),
legacy_name AS (
    SELECT export_id, mode(trim(from_name)) AS name
    FROM raw.messages WHERE upper(trim(direction)) = 'OUTGOING' GROUP BY export_id
),
final AS (
    SELECT c.export_id, c.url_key, CASE WHEN c.url_key IS NOT NULL THEN c.profile_url END AS profile_url,
           coalesce(p.name, mn.name, i.name, l.name) AS name,
           concat_ws('; ', c.url_evidence,
                     CASE WHEN p.name IS NOT NULL THEN 'name from profile'
                          WHEN mn.name IS NOT NULL THEN 'name from messages FROM'
                          WHEN i.name IS NOT NULL THEN 'name from invitations'
                          WHEN l.name IS NOT NULL THEN 'name from 2018 outgoing messages' END) AS evidence
    FROM chosen c
    LEFT JOIN profile_name p USING (export_id)
    LEFT JOIN msg_name mn USING (export_id)
    LEFT JOIN inv_name i USING (export_id)
    LEFT JOIN legacy_name l USING (export_id)
)
SELECT *, name_key(name) AS name_key FROM final
) WHERE export_id = getvariable('export_id');
