-- relation: main.comments
-- reads: staging.comments
-- materialize: table
-- comments: merged over exports by natural key.
CREATE OR REPLACE TABLE comments AS
WITH source AS (SELECT *, hash(commented_at, link, message) AS nk FROM staging.comments),
final AS (
    SELECT s.commented_at, s.link, s.message, s.first_export_id, s.last_export_id
    FROM newest_copies(source) s
)
SELECT * FROM final ORDER BY commented_at;
