-- relation: staging.shares
-- reads: raw.shares
-- materialize: view
-- staging.shares: the owner's posts (zone-less times: UTC assumed).
CREATE OR REPLACE VIEW staging.shares AS
WITH source AS (
    SELECT record_number(export_id, file, rowid) AS line, *
    FROM raw.shares
),
renamed AS (
    SELECT export_id, file, line, li_when(date) AS shared_at, txt(share_link) AS share_link,
           replace(share_commentary, chr(13) || chr(10), chr(10)) AS share_commentary,  -- CRLF files
           txt(shared_url) AS shared_url, txt(media_url) AS media_url,
           txt(visibility) AS visibility
    FROM source
),
final AS (SELECT * FROM renamed)
SELECT * FROM final;
