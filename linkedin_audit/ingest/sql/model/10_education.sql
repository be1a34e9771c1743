-- relation: main.education
-- reads: staging.education
-- materialize: table
-- education: the owner's schools, merged over exports.
CREATE OR REPLACE TABLE education AS
WITH source AS (
    SELECT *, hash(school_name, start_date, degree_name) AS nk FROM staging.education
),
final AS (
    SELECT s.school_name, s.start_date, s.end_date, s.degree_name, s.notes, s.activities,
           s.first_export_id, s.last_export_id
    FROM newest_copies(source) s
)
SELECT * FROM final ORDER BY start_date DESC NULLS LAST;
