-- relation: staging.company_follows
-- reads: raw.company_follows
-- materialize: view
-- staging.company_follows: Company Follows.csv, typed.
CREATE OR REPLACE VIEW staging.company_follows AS
WITH source AS (
    SELECT record_number(export_id, file, rowid) AS line, *
    FROM raw.company_follows
),
renamed AS (
    SELECT export_id, file, line, txt(organization) AS organization, li_when(followed_on) AS followed_at
    FROM source
),
final AS (SELECT * FROM renamed)
SELECT * FROM final;
