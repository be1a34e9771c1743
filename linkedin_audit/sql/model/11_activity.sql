-- company_follows, member_follows, reactions, comments, shares: merged over exports by natural key.
CREATE OR REPLACE TABLE company_follows AS
WITH source AS (SELECT *, hash(organization) AS nk FROM staging.company_follows),
span AS (SELECT nk, min(export_id) AS first_export_id, max(export_id) AS last_export_id FROM source GROUP BY nk),
final AS (
    SELECT s.organization, s.followed_at, sp.first_export_id, sp.last_export_id
    FROM source s JOIN span sp ON s.nk = sp.nk AND s.export_id = sp.last_export_id
)
SELECT * FROM final ORDER BY followed_at;

CREATE OR REPLACE TABLE member_follows AS
WITH source AS (SELECT *, hash(followed_at, full_name, status) AS nk FROM staging.member_follows),
span AS (SELECT nk, min(export_id) AS first_export_id, max(export_id) AS last_export_id FROM source GROUP BY nk),
final AS (
    SELECT s.followed_at, s.status, s.full_name, p.person_id, sp.first_export_id, sp.last_export_id
    FROM source s JOIN span sp ON s.nk = sp.nk AND s.export_id = sp.last_export_id
    LEFT JOIN meta.name_to_person_key k ON k.name_key = s.name_key
    LEFT JOIN meta.person_ids p ON p.person_key = k.person_key
)
SELECT * FROM final ORDER BY followed_at;

CREATE OR REPLACE TABLE reactions AS
WITH source AS (SELECT *, hash(reacted_at, link) AS nk FROM staging.reactions),
span AS (SELECT nk, min(export_id) AS first_export_id, max(export_id) AS last_export_id FROM source GROUP BY nk),
final AS (
    SELECT s.reacted_at, s.reaction_type, s.link, sp.first_export_id, sp.last_export_id
    FROM source s JOIN span sp ON s.nk = sp.nk AND s.export_id = sp.last_export_id
)
SELECT * FROM final ORDER BY reacted_at;

CREATE OR REPLACE TABLE comments AS
WITH source AS (SELECT *, hash(commented_at, link, message) AS nk FROM staging.comments),
span AS (SELECT nk, min(export_id) AS first_export_id, max(export_id) AS last_export_id FROM source GROUP BY nk),
final AS (
    SELECT s.commented_at, s.link, s.message, sp.first_export_id, sp.last_export_id
    FROM source s JOIN span sp ON s.nk = sp.nk AND s.export_id = sp.last_export_id
)
SELECT * FROM final ORDER BY commented_at;

CREATE OR REPLACE TABLE shares AS
WITH source AS (SELECT *, hash(shared_at, share_link, share_commentary) AS nk FROM staging.shares),
span AS (SELECT nk, min(export_id) AS first_export_id, max(export_id) AS last_export_id FROM source GROUP BY nk),
final AS (
    SELECT s.shared_at, s.share_link, s.share_commentary, s.shared_url, s.media_url, s.visibility,
           sp.first_export_id, sp.last_export_id
    FROM source s JOIN span sp ON s.nk = sp.nk AND s.export_id = sp.last_export_id
)
SELECT * FROM final ORDER BY shared_at;
