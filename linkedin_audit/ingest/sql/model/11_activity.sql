-- company_follows, member_follows, reactions, comments, shares: merged over exports by natural key.
CREATE OR REPLACE TABLE company_follows AS
WITH source AS (SELECT *, hash(organization) AS nk FROM staging.company_follows),
final AS (
    SELECT s.organization, s.followed_at, s.first_export_id, s.last_export_id
    FROM newest_copies(source) s
)
SELECT * FROM final ORDER BY followed_at;

CREATE OR REPLACE TABLE member_follows AS
WITH source AS (SELECT *, hash(followed_at, full_name, status) AS nk FROM staging.member_follows),
final AS (
    SELECT s.followed_at, s.status, s.full_name, p.person_id, s.first_export_id, s.last_export_id
    FROM newest_copies(source) s
    LEFT JOIN meta.name_to_person_key k ON k.name_key = s.name_key AND NOT k.as_owner
    LEFT JOIN meta.person_ids p ON p.person_key = k.person_key
)
SELECT * FROM final ORDER BY followed_at;

CREATE OR REPLACE TABLE reactions AS
WITH source AS (SELECT *, hash(reacted_at, link) AS nk FROM staging.reactions),
final AS (
    SELECT s.reacted_at, s.reaction_type, s.link, s.first_export_id, s.last_export_id
    FROM newest_copies(source) s
)
SELECT * FROM final ORDER BY reacted_at;

CREATE OR REPLACE TABLE comments AS
WITH source AS (SELECT *, hash(commented_at, link, message) AS nk FROM staging.comments),
final AS (
    SELECT s.commented_at, s.link, s.message, s.first_export_id, s.last_export_id
    FROM newest_copies(source) s
)
SELECT * FROM final ORDER BY commented_at;

CREATE OR REPLACE TABLE shares AS
WITH source AS (SELECT *, hash(shared_at, share_link, share_commentary) AS nk FROM staging.shares),
final AS (
    SELECT s.shared_at, s.share_link, s.share_commentary, s.shared_url, s.media_url, s.visibility,
           s.first_export_id, s.last_export_id
    FROM newest_copies(source) s
)
SELECT * FROM final ORDER BY shared_at;
