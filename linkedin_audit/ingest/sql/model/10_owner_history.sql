-- positions, education and profile: the owner's own history and profile, merged over exports.
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

CREATE OR REPLACE TABLE profile AS
WITH source AS (
    SELECT * FROM staging.profile
),
final AS (
    SELECT first_name, last_name, maiden_name, headline, summary, industry, geo_location, websites,
           export_id AS last_export_id
    FROM source
    QUALIFY row_number() OVER (ORDER BY export_id DESC, line) = 1
)
SELECT * FROM final;
