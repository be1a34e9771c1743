-- Identity work tables (schema meta), built once per ingest so the model files below read them cheaply.
-- meta.owner_by_export: the staging view of the same name, materialised.
CREATE OR REPLACE TABLE meta.owner_by_export AS SELECT * FROM staging.owner_by_export;

-- meta.person_mentions: every place a person appears, with URL key and/or name. `people` groups them.
CREATE OR REPLACE TABLE meta.person_mentions AS
WITH source AS (
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
    FROM (SELECT DISTINCT txt(sender_profile_url) AS url, txt(from_name) AS name FROM raw.messages
          WHERE txt(sender_profile_url) IS NOT NULL OR txt(direction) IS NOT NULL)
    WHERE coalesce(name, '') <> 'LinkedIn Member'
    UNION ALL
    SELECT url_key(u.url), u.url,
           CASE WHEN len(urls) = 1 AND NOT contains(coalesce(to_names, ','), ',') THEN to_names END,
           'messages'
    FROM (SELECT DISTINCT string_split(txt(recipient_profile_urls), ',') AS urls, txt(to_names) AS to_names
          FROM raw.messages WHERE txt(recipient_profile_urls) IS NOT NULL), unnest(urls) AS u(url)
    UNION ALL
    SELECT NULL, NULL, to_names, 'messages'
    FROM (SELECT DISTINCT txt(to_names) AS to_names FROM raw.messages
          WHERE txt(recipient_profile_urls) IS NULL AND txt(to_names) IS NOT NULL
            AND NOT contains(to_names, ','))
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
final AS (
    SELECT url_key, profile_url, name, name_key(name) AS name_key, src
    FROM source
    WHERE url_key IS NOT NULL OR name_key(name) IS NOT NULL
)
SELECT * FROM final;

-- meta.name_to_person_key: a name with no URL joins the one URL-person carrying that name; a name
-- shared by several URL-persons (or none) stays a name-only person.
CREATE OR REPLACE TABLE meta.name_to_person_key AS
WITH by_name AS (
    SELECT name_key, count(DISTINCT url_key) AS urls, min(url_key) AS url_key
    FROM meta.person_mentions WHERE name_key IS NOT NULL
    GROUP BY name_key
)
SELECT name_key, CASE WHEN urls = 1 THEN 'u:' || url_key ELSE 'n:' || name_key END AS person_key
FROM by_name;
