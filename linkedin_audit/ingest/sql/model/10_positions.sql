-- relation: main.positions
-- reads: staging.positions
-- materialize: table
-- positions: the owner's positions, merged over exports.
CREATE OR REPLACE TABLE positions AS
WITH source AS (
    SELECT *, hash(company_name, title, started_on) AS nk FROM staging.positions
),
final AS (
    SELECT s.company_name, s.title, s.description, s.location, s.started_on, s.finished_on, s.is_current,
           s.first_export_id, s.last_export_id
    FROM newest_copies(source) s
)
SELECT * FROM final ORDER BY started_on DESC NULLS LAST;
