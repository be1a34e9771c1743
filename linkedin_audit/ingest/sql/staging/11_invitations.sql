-- relation: staging.invitations
-- reads: raw.invitations
-- materialize: view
-- staging.invitations: Invitations.csv, typed. Direction lower-cased; the counterparty is the other side.
CREATE OR REPLACE VIEW staging.invitations AS
WITH source AS (
    SELECT record_number(export_id, file, rowid) AS line, *
    FROM raw.invitations
),
renamed AS (
    SELECT
        export_id, file, line,
        lower(txt(direction)) AS direction,
        li_when(sent_at) AS sent_at,
        txt(from_name) AS from_name,
        txt(to_name) AS to_name,
        txt(message) AS message,
        txt(inviter_profile_url) AS inviter_profile_url,
        txt(invitee_profile_url) AS invitee_profile_url
    FROM source
),
final AS (
    SELECT
        *,
        CASE direction WHEN 'outgoing' THEN to_name ELSE from_name END AS counterparty_name,
        CASE direction WHEN 'outgoing' THEN invitee_profile_url ELSE inviter_profile_url END
            AS counterparty_profile_url
    FROM renamed
)
SELECT * FROM final;
