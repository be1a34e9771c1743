-- relation: meta.person_mentions
-- reads: staging.connections, staging.invitations, raw.messages, meta.to_names, staging.endorsements
-- reads: staging.recommendations, staging.member_follows, meta.owner_by_export
-- materialize: table
-- meta.person_mentions: every place a person appears, with URL key and/or name. `people` groups them.
CREATE OR REPLACE TABLE meta.person_mentions AS
WITH source AS MATERIALIZED (
    SELECT url_key, profile_url, name, 'connections' AS src FROM staging.connections WHERE NOT is_hidden
    UNION ALL
    SELECT counterparty_url_key, counterparty_profile_url, counterparty_name, 'invitations'
    FROM staging.invitations
    UNION ALL
    SELECT CASE direction WHEN 'outgoing' THEN inviter_url_key ELSE invitee_url_key END,
           CASE direction WHEN 'outgoing' THEN inviter_profile_url ELSE invitee_profile_url END,
           CASE direction WHEN 'outgoing' THEN from_name ELSE to_name END, 'invitations'
    FROM staging.invitations
    UNION ALL
    -- Message senders with a URL (a sender without one is `LinkedIn Member` or a sponsor), and legacy
    -- senders (2018/2020 files have a Direction and no URLs) by name. Distinct raw values first.
    SELECT url_key(url), url, name, 'messages'
    FROM (SELECT DISTINCT txt(sender_profile_url) AS url, txt(from_name) AS name
          FROM (SELECT DISTINCT sender_profile_url, from_name, direction FROM raw.messages)
          WHERE txt(sender_profile_url) IS NOT NULL OR txt(direction) IS NOT NULL)
    WHERE coalesce(name, '') <> 'LinkedIn Member'
    UNION ALL
    SELECT url_key(u.url), u.url,
           CASE WHEN len(urls) = 1 AND NOT contains(coalesce(to_names, ','), ',') THEN to_names END,
           'messages'
    FROM (SELECT DISTINCT string_split(txt(recipient_profile_urls), ',') AS urls, txt(to_names) AS to_names
          FROM (SELECT DISTINCT recipient_profile_urls, to_names FROM raw.messages)
          WHERE txt(recipient_profile_urls) IS NOT NULL), unnest(urls) AS u(url)
    UNION ALL
    SELECT NULL, NULL, name, 'messages' FROM (SELECT DISTINCT name FROM meta.to_names)  -- TO without URLs
    UNION ALL
    SELECT url_key, profile_url, nullif(trim(concat_ws(' ', first_name, last_name)), ''), 'endorsements'
    FROM staging.endorsements
    UNION ALL
    SELECT NULL, NULL, nullif(trim(concat_ws(' ', first_name, last_name)), ''), 'recommendations'
    FROM staging.recommendations
    UNION ALL
    SELECT NULL, NULL, full_name, 'member_follows' FROM staging.member_follows
    UNION ALL
    SELECT url_key, profile_url, name, 'owner' FROM meta.owner_by_export
),
keyed_names AS (  -- name_key (regular expressions) once per distinct name, not per mention
    SELECT name, name_key(name) AS name_key FROM (SELECT DISTINCT name FROM source)
),
final AS (
    SELECT s.url_key, s.profile_url, s.name, k.name_key, s.src
    FROM source s LEFT JOIN keyed_names k ON k.name = s.name
    WHERE s.url_key IS NOT NULL OR k.name_key IS NOT NULL
)
SELECT * FROM final;
