-- relation: staging.positions
-- reads: raw.positions
-- materialize: view
-- staging.positions: the owner's positions; `Mon YYYY` / `YYYY` dates, empty Finished On = current.
CREATE OR REPLACE VIEW staging.positions AS
WITH source AS (
    SELECT record_number(export_id, file, rowid) AS line, *
    FROM raw.positions
),
renamed AS (
    SELECT
        export_id, file, line,
        txt(company_name) AS company_name,
        txt(title) AS title,
        txt(description) AS description,
        txt(location) AS location,
        li_month(started_on) AS started_on,
        li_month(finished_on) AS finished_on,
        txt(finished_on) IS NULL AS is_current
    FROM source
),
final AS (SELECT * FROM renamed)
SELECT * FROM final;
