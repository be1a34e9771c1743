-- relation: staging.reactions
-- reads: raw.reactions
-- materialize: view
-- staging.reactions: the owner's reactions (zone-less times: UTC assumed).
CREATE OR REPLACE VIEW staging.reactions AS
WITH source AS (
    SELECT record_number(export_id, file, rowid) AS line, *
    FROM raw.reactions
),
renamed AS (
    SELECT export_id, file, line, li_when(date) AS reacted_at, upper(txt(type)) AS reaction_type,
           txt(link) AS link
    FROM source
),
final AS (SELECT * FROM renamed)
SELECT * FROM final;
