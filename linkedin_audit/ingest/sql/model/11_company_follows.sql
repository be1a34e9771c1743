-- relation: main.company_follows
-- reads: staging.company_follows
-- materialize: table
-- company_follows: merged over exports by natural key.
CREATE OR REPLACE TABLE company_follows AS
WITH source AS (SELECT *, hash(organization) AS nk FROM staging.company_follows),
final AS (
    SELECT s.organization, s.followed_at, s.first_export_id, s.last_export_id
    FROM newest_copies(source) s
)
SELECT * FROM final ORDER BY followed_at;
