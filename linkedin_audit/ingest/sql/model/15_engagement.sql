-- relation: main.engagement
-- reads: main.shares, main.comments, main.reactions, main.votes
-- materialize: table
-- engagement: one row per public action of the owner (docs/schema.md): posts (Shares), comments, reactions
-- and poll votes, each already merged over exports by its own relation (shares, comments, reactions, votes).
-- A post's link is its ShareLink, else the URL it shared (2018 rows may lack a Share Link). InstantReposts'
-- header is unknown (docs/export-format.md 2.9): the file stays raw and no row is a `repost`.
CREATE OR REPLACE TABLE engagement AS
WITH actions AS (
    SELECT 'post' AS kind, shared_at AS acted_at, coalesce(share_link, shared_url) AS link,
           share_commentary AS text, CAST(NULL AS VARCHAR) AS reaction_type, visibility,
           first_export_id, last_export_id
    FROM shares
    UNION ALL
    SELECT 'comment', commented_at, link, message, NULL, NULL, first_export_id, last_export_id
    FROM comments
    UNION ALL
    SELECT 'reaction', reacted_at, link, NULL, reaction_type, NULL, first_export_id, last_export_id
    FROM reactions
    UNION ALL
    SELECT 'vote', voted_at, link, NULL, NULL, NULL, first_export_id, last_export_id
    FROM votes
),
final AS (
    SELECT kind, acted_at, CAST(date_trunc('month', acted_at) AS DATE) AS month, link, text, reaction_type,
           visibility, first_export_id, last_export_id
    FROM actions
)
SELECT * FROM final ORDER BY acted_at NULLS LAST, kind;
