-- relation: main.contacts
-- reads: staging.contacts
-- materialize: table
-- contacts: the imported address book (not LinkedIn ties), merged over exports.
CREATE OR REPLACE TABLE contacts AS
WITH source AS (SELECT *, hash(first_name, last_name, emails, phone_numbers) AS nk FROM staging.contacts),
final AS (
    SELECT s.source, s.first_name, s.last_name, s.companies, s.title, s.emails, s.phone_numbers,
           s.created_at, s.first_export_id, s.last_export_id
    FROM newest_copies(source) s
)
SELECT * FROM final ORDER BY created_at;
