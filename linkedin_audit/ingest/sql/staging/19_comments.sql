-- relation: staging.comments
-- reads: raw.comments
-- materialize: view
-- staging.comments: the owner's comments (zone-less times: UTC assumed).
CREATE OR REPLACE VIEW staging.comments AS
WITH source AS (
    SELECT record_number(export_id, file, rowid) AS line, *
    FROM raw.comments
),
renamed AS (
    SELECT export_id, file, line, li_when(date) AS commented_at, txt(link) AS link, message
    FROM source
),
final AS (SELECT * FROM renamed)
SELECT * FROM final;
