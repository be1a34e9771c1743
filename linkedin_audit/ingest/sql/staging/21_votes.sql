-- relation: staging.votes
-- reads: raw.votes
-- materialize: view
-- staging.votes: the owner's poll votes (Votes.csv, Complete archives; zone-less times: UTC assumed).
CREATE OR REPLACE VIEW staging.votes AS
WITH source AS (
    SELECT record_number(export_id, file, rowid) AS line, *
    FROM raw.votes
),
renamed AS (
    SELECT export_id, file, line, li_when(date) AS voted_at, txt(link) AS link, txt(option_text) AS option_text
    FROM source
),
final AS (SELECT * FROM renamed)
SELECT * FROM final;
