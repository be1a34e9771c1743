-- relation: main.shares
-- reads: staging.shares
-- materialize: table
-- shares: merged over exports by natural key.
CREATE OR REPLACE TABLE shares AS
WITH source AS (SELECT *, hash(shared_at, share_link, share_commentary) AS nk FROM staging.shares),
final AS (
    SELECT s.shared_at, s.share_link, s.share_commentary, s.shared_url, s.media_url, s.visibility,
           s.first_export_id, s.last_export_id
    FROM newest_copies(source) s
)
SELECT * FROM final ORDER BY shared_at;
