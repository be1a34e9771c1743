-- relation: meta.person_mentions
-- reads: staging.connections, staging.invitations, temp.message_values, meta.to_names, staging.endorsements
-- reads: staging.recommendations, staging.member_follows, meta.owner_by_export, meta.owner_names
-- materialize: table
-- meta.person_mentions: every place a person appears, with URL key and/or name, and `side`: `owner` where
-- the file's structure says it is the owner (the owner side of an invitation, a 2018 OUTGOING sender, the
-- owner's own record), `other` where it cannot be the owner (a connection, an invitation's counterparty, an
-- endorser, a recommender, a followed member, a 2018 INCOMING sender), `either` where nothing says
-- (a name in TO, a URL). `as_owner`: a mention without a URL that is the owner's: on the owner side, or
-- `either` with one of the owner's names. Only the owner's identifiers (URL, invitations, role) make the
-- owner: a connection with the owner's name and no URL (pre-2023 Connections.csv) is another person.
-- `people` groups them.
CREATE OR REPLACE TABLE meta.person_mentions AS
WITH source AS MATERIALIZED (
    SELECT url_key(profile_url) AS url_key, profile_url, name, 'connections' AS src, 'other' AS side
    FROM staging.connections WHERE NOT is_hidden
    UNION ALL
    SELECT url_key(counterparty_profile_url), counterparty_profile_url, counterparty_name, 'invitations',
           'other'
    FROM staging.invitations
    UNION ALL
    SELECT url_key(CASE direction WHEN 'outgoing' THEN inviter_profile_url ELSE invitee_profile_url END),
           CASE direction WHEN 'outgoing' THEN inviter_profile_url ELSE invitee_profile_url END,
           CASE direction WHEN 'outgoing' THEN from_name ELSE to_name END, 'invitations', 'owner'
    FROM staging.invitations
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
    SELECT url_key, profile_url, name, 'owner', 'owner' FROM meta.owner_by_export
),
keyed_names AS (  -- name_key (regular expressions) once per distinct name, not per mention
    SELECT name, name_key(name) AS name_key FROM (SELECT DISTINCT name FROM source)
),
final AS (
    SELECT s.url_key, s.profile_url, s.name, k.name_key, s.src, s.side,
           s.url_key IS NULL AND (s.side = 'owner' OR (s.side = 'either'
               AND k.name_key IN (SELECT name_key FROM meta.owner_names))) AS as_owner
    FROM source s LEFT JOIN keyed_names k ON k.name = s.name
    WHERE s.url_key IS NOT NULL OR k.name_key IS NOT NULL
)
SELECT * FROM final;
