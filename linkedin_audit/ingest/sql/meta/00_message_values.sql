-- relation: temp.message_values
-- reads: raw.messages
-- materialize: temp
-- temp.message_values: the distinct raw values of the message columns that name people (sender URL, FROM,
-- Direction, recipient URLs, TO): ~44,000 rows for ~2,000,000 raw rows at max scale with a two-export
-- history. meta.to_names, temp.mention_sources and temp.name_keys clean and filter these, not every raw
-- row: read from raw.messages, DuckDB pushed their `txt(...) IS NOT NULL` filters below the DISTINCT into
-- the scan, one trim per raw row (~1.5 of their ~2.7 CPU s).
CREATE OR REPLACE TEMP TABLE message_values AS
SELECT DISTINCT sender_profile_url, from_name, direction, recipient_profile_urls, to_names FROM raw.messages;
