-- positions, education and profile: the owner's own history and profile, merged over exports.
CREATE OR REPLACE TABLE positions AS
WITH source AS (
    SELECT *, hash(company_name, title, started_on) AS nk FROM staging.positions
),
span AS (
    SELECT nk, min(export_id) AS first_export_id, max(export_id) AS last_export_id FROM source GROUP BY nk
),
final AS (
    SELECT s.company_name, s.title, s.description, s.location, s.started_on, s.finished_on, s.is_current,
           sp.first_export_id, sp.last_export_id
    FROM source s JOIN span sp ON s.nk = sp.nk AND s.export_id = sp.last_export_id
)
SELECT * FROM final ORDER BY started_on DESC NULLS LAST;

CREATE OR REPLACE TABLE education AS
WITH source AS (
    SELECT *, hash(school_name, start_date, degree_name) AS nk FROM staging.education
),
span AS (
    SELECT nk, min(export_id) AS first_export_id, max(export_id) AS last_export_id FROM source GROUP BY nk
),
final AS (
    SELECT s.school_name, s.start_date, s.end_date, s.degree_name, s.notes, s.activities,
           sp.first_export_id, sp.last_export_id
    FROM source s JOIN span sp ON s.nk = sp.nk AND s.export_id = sp.last_export_id
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
