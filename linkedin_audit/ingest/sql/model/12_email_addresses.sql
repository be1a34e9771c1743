-- relation: main.email_addresses
-- reads: staging.email_addresses
-- materialize: table
-- email_addresses: the owner's own, merged over exports.
CREATE OR REPLACE TABLE email_addresses AS
WITH source AS (SELECT *, hash(email_address) AS nk FROM staging.email_addresses),
final AS (
    SELECT s.email_address, s.is_confirmed, s.is_primary, s.updated_at, s.first_export_id, s.last_export_id
    FROM newest_copies(source) s
)
SELECT * FROM final ORDER BY email_address;
