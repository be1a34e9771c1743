-- relation: staging.education
-- reads: raw.education
-- materialize: view
-- staging.education: the owner's schools; dates `YYYY` or `Mon YYYY`, often empty.
CREATE OR REPLACE VIEW staging.education AS
WITH source AS (
    SELECT record_number(export_id, file, rowid) AS line, *
    FROM raw.education
),
renamed AS (
    SELECT
        export_id, file, line,
        txt(school_name) AS school_name,
        li_month(start_date) AS start_date,
        li_month(end_date) AS end_date,
        txt(degree_name) AS degree_name,
        txt(notes) AS notes,
        txt(activities) AS activities
    FROM source
),
final AS (SELECT * FROM renamed)
SELECT * FROM final;
