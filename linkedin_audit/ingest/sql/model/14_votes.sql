-- relation: main.votes
-- reads: staging.votes
-- materialize: table
-- votes: the owner's poll votes, merged over exports by natural key (time, poll, option).
CREATE OR REPLACE TABLE votes AS
WITH source AS (SELECT *, hash(voted_at, link, option_text) AS nk FROM staging.votes),
final AS (
    SELECT s.voted_at, s.link, s.option_text, s.first_export_id, s.last_export_id
    FROM newest_copies(source) s
)
SELECT * FROM final ORDER BY voted_at;
