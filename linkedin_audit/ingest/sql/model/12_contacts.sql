-- contacts (imported address book, not LinkedIn ties) and email_addresses (the owner's own).
CREATE OR REPLACE TABLE contacts AS
WITH source AS (SELECT *, hash(first_name, last_name, emails, phone_numbers) AS nk FROM staging.contacts),
final AS (
    SELECT s.source, s.first_name, s.last_name, s.companies, s.title, s.emails, s.phone_numbers,
           s.created_at, s.first_export_id, s.last_export_id
    FROM newest_copies(source) s
)
SELECT * FROM final ORDER BY created_at;

CREATE OR REPLACE TABLE email_addresses AS
WITH source AS (SELECT *, hash(email_address) AS nk FROM staging.email_addresses),
final AS (
    SELECT s.email_address, s.is_confirmed, s.is_primary, s.updated_at, s.first_export_id, s.last_export_id
    FROM newest_copies(source) s
)
SELECT * FROM final ORDER BY email_address;
