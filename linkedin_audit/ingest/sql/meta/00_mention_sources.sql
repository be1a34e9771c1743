-- relation: temp.mention_sources
-- reads: temp.staged_connections, temp.staged_invitations, temp.message_values, meta.to_names, staging.endorsements
-- reads: staging.recommendations, staging.member_follows, meta.owner_by_export
-- materialize: temp
-- temp.mention_sources: every place a person appears, before identity keys (the `side` rules are described
-- in meta/00_person_mentions.sql). A table of its own so that temp.name_keys can key its names once for the
-- whole build before meta.person_mentions reads them.
CREATE OR REPLACE TEMP TABLE mention_sources AS
SELECT url_key(profile_url) AS url_key, profile_url, name, 'connections' AS src, 'other' AS side
FROM temp.staged_connections WHERE NOT is_hidden
UNION ALL
SELECT url_key(counterparty_profile_url), counterparty_profile_url, counterparty_name, 'invitations',
       'other'
FROM temp.staged_invitations
UNION ALL
SELECT url_key(CASE direction WHEN 'outgoing' THEN inviter_profile_url ELSE invitee_profile_url END),
       CASE direction WHEN 'outgoing' THEN inviter_profile_url ELSE invitee_profile_url END,
       CASE direction WHEN 'outgoing' THEN from_name ELSE to_name END, 'invitations', 'owner'
FROM temp.staged_invitations
UNION ALL
-- Message senders with a URL (a sender without one is `LinkedIn Member` or a sponsor), and legacy
-- senders (2018/2020 files have a Direction and no URLs) by name. Distinct raw values first.
SELECT url_key(url), url, name, 'messages',
       CASE WHEN url IS NOT NULL THEN 'either' WHEN direction = 'OUTGOING' THEN 'owner' ELSE 'other' END
FROM (SELECT DISTINCT txt(sender_profile_url) AS url, txt(from_name) AS name,
             upper(txt(direction)) AS direction
      FROM (SELECT DISTINCT sender_profile_url, from_name, direction FROM temp.message_values)
      WHERE txt(sender_profile_url) IS NOT NULL OR txt(direction) IS NOT NULL)
WHERE coalesce(name, '') <> 'LinkedIn Member'
UNION ALL
SELECT url_key(u.url), u.url,
       CASE WHEN len(urls) = 1 AND NOT contains(coalesce(to_names, ','), ',') THEN to_names END,
       'messages', 'either'
FROM (SELECT DISTINCT string_split(txt(recipient_profile_urls), ',') AS urls, txt(to_names) AS to_names
      FROM (SELECT DISTINCT recipient_profile_urls, to_names FROM temp.message_values)
      WHERE txt(recipient_profile_urls) IS NOT NULL), unnest(urls) AS u(url)
UNION ALL
SELECT NULL, NULL, name, 'messages', 'either' FROM (SELECT DISTINCT name FROM meta.to_names)  -- TO without URLs
UNION ALL
SELECT url_key(profile_url), profile_url, nullif(trim(concat_ws(' ', first_name, last_name)), ''),
       'endorsements', 'other'
FROM staging.endorsements
UNION ALL
SELECT NULL, NULL, nullif(trim(concat_ws(' ', first_name, last_name)), ''), 'recommendations', 'other'
FROM staging.recommendations
UNION ALL
SELECT NULL, NULL, full_name, 'member_follows', 'other' FROM staging.member_follows
UNION ALL
SELECT url_key, profile_url, name, 'owner', 'owner' FROM meta.owner_by_export;
