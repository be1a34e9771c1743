-- relation: staging.member_follows
-- reads: raw.member_follows
-- materialize: view
-- staging.member_follows: Member_Follows.csv, typed.
CREATE OR REPLACE VIEW staging.member_follows AS
WITH source AS (
    SELECT record_number(export_id, file, rowid) AS line, *
    FROM raw.member_follows
),
renamed AS (
    SELECT export_id, file, line, li_when(date) AS followed_at, txt(status) AS status,
           txt(full_name) AS full_name
    FROM source
),
final AS (SELECT * FROM renamed)
SELECT * FROM final;
