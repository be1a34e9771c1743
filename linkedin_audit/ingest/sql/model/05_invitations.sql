-- relation: main.invitations
-- reads: temp.staged_invitations, temp.name_keys, meta.person_lookup
-- materialize: table
-- invitations: merged over exports by (direction, sent_at, from, to); the counterparty is the other side.
-- `Sent At` has minute resolution and no zone: taken as UTC.
CREATE OR REPLACE TABLE invitations AS
WITH source AS (  -- name keys are computed once per build in temp.name_keys
    SELECT i.*, url_key(i.counterparty_profile_url) AS counterparty_url_key,
           k.name_key AS counterparty_name_key,
           hash(i.direction, i.sent_at, i.from_name, i.to_name) AS nk
    FROM temp.staged_invitations i LEFT JOIN temp.name_keys k ON k.name = i.counterparty_name
),
final AS (
    SELECT CAST(row_number() OVER (ORDER BY s.sent_at, s.direction, s.from_name, s.to_name) AS BIGINT)
               AS invitation_id,
           s.direction, s.sent_at, s.from_name, s.to_name, s.message,
           l.person_id AS counterparty_person_id, s.counterparty_name, s.counterparty_url_key,
           s.first_export_id, s.last_export_id
    FROM newest_copies(source) s
    LEFT JOIN meta.person_lookup l
        ON NOT l.as_owner AND l.url_key IS NOT DISTINCT FROM s.counterparty_url_key
           AND l.name_key IS NOT DISTINCT FROM s.counterparty_name_key
)
SELECT * FROM final ORDER BY invitation_id;
