-- relation: staging.contacts
-- reads: raw.contacts
-- materialize: view
-- staging.contacts: Contacts.csv / Imported Contacts.csv, typed.
CREATE OR REPLACE VIEW staging.contacts AS
WITH source AS (
    SELECT record_number(export_id, file, rowid) AS line, *
    FROM raw.contacts
),
renamed AS (
    SELECT export_id, file, line, txt(source) AS source, txt(first_name) AS first_name,
           txt(last_name) AS last_name, txt(companies) AS companies, txt(title) AS title,
           txt(emails) AS emails, txt(phone_numbers) AS phone_numbers, li_when(created_at) AS created_at
    FROM source
),
final AS (SELECT * FROM renamed)
SELECT * FROM final;
