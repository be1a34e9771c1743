-- relation: staging.email_addresses
-- reads: raw.email_addresses
-- materialize: view
-- staging.email_addresses: the owner's own e-mail addresses.
CREATE OR REPLACE VIEW staging.email_addresses AS
WITH source AS (
    SELECT record_number(export_id, file, rowid) AS line, *
    FROM raw.email_addresses
),
renamed AS (
    SELECT export_id, file, line, txt(email_address) AS email_address,
           lower(txt(confirmed)) = 'yes' AS is_confirmed, lower(txt("primary")) = 'yes' AS is_primary,
           li_when(updated_on) AS updated_at
    FROM source
),
final AS (SELECT * FROM renamed)
SELECT * FROM final;
