-- relation: main.profile
-- reads: staging.profile
-- materialize: table
-- profile: the owner's own profile, from the newest export that has one.
CREATE OR REPLACE TABLE profile AS
WITH source AS (
    SELECT * FROM staging.profile
),
final AS (
    SELECT first_name, last_name, maiden_name, headline, summary, industry, geo_location, websites,
           export_id AS last_export_id
    FROM source
    QUALIFY row_number() OVER (ORDER BY export_id DESC, line) = 1
)
SELECT * FROM final;
