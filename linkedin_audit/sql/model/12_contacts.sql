-- contacts (imported address book, not LinkedIn ties) and email_addresses (the owner's own).
CREATE OR REPLACE TABLE contacts AS
WITH source AS (SELECT *, hash(first_name, last_name, emails, phone_numbers) AS nk FROM staging.contacts),
span AS (SELECT nk, min(export_id) AS first_export_id, max(export_id) AS last_export_id FROM source GROUP BY nk),
final AS (
    SELECT s.source, s.first_name, s.last_name, s.companies, s.title, s.emails, s.phone_numbers,
           s.created_at, sp.first_export_id, sp.last_export_id
    FROM source s JOIN span sp ON s.nk = sp.nk AND s.export_id = sp.last_export_id
)
SELECT * FROM final ORDER BY created_at;

CREATE OR REPLACE TABLE email_addresses AS
WITH source AS (SELECT *, hash(email_address) AS nk FROM staging.email_addresses),
span AS (SELECT nk, min(export_id) AS first_export_id, max(export_id) AS last_export_id FROM source GROUP BY nk),
final AS (
    SELECT s.email_address, s.is_confirmed, s.is_primary, s.updated_at, sp.first_export_id, sp.last_export_id
    FROM source s JOIN span sp ON s.nk = sp.nk AND s.export_id = sp.last_export_id
)
SELECT * FROM final ORDER BY email_address;
