-- relation: main.reactions
-- reads: staging.reactions
-- materialize: table
-- reactions: merged over exports by natural key.
CREATE OR REPLACE TABLE reactions AS
WITH source AS (SELECT *, hash(reacted_at, link) AS nk FROM staging.reactions),
final AS (
    SELECT s.reacted_at, s.reaction_type, s.link, s.first_export_id, s.last_export_id
    FROM newest_copies(source) s
)
SELECT * FROM final ORDER BY reacted_at;
