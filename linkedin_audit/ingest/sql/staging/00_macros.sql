-- reads: -
-- materialize: macros
-- Parsing and normalising helpers shared by every staging view. They live in the database (macros persist),
-- so views keep working for any reader. Python twins: tests/date_twins.py (li_ts, li_month, li_zone_offset) and
-- linkedin_audit/synth/keys.py (url_key, name_key: the generator's truth keys people with them).

-- Text as the export wrote it, with empty strings as NULL.
CREATE OR REPLACE MACRO txt(s) AS nullif(trim(s), '');

-- A raw row's record number in its file (1-based, header excluded), the staging views' `line`: raw tables
-- keep file order (DuckDB keeps insertion order), so it is the row's rank by rowid. Call it with the raw
-- table's (export_id, file, rowid); numbering at load made the CSV load single-threaded.
CREATE OR REPLACE MACRO record_number(export_id, file, row_id) AS
    row_number() OVER (PARTITION BY export_id, file ORDER BY row_id);

-- History merge, shared by the model tables: of the rows of `keyed` (a relation with export_id and a natural-key
-- hash nk), those of the newest export holding each key, with the first and last export that held it.
CREATE OR REPLACE MACRO newest_copies(keyed) AS TABLE
WITH span AS (
    SELECT nk, min(export_id) AS first_export_id, max(export_id) AS last_export_id
    FROM query_table(keyed) GROUP BY nk
)
SELECT k.*, sp.first_export_id, sp.last_export_id
FROM query_table(keyed) k JOIN span sp ON k.nk = sp.nk AND k.export_id = sp.last_export_id;

-- A zone abbreviation as a fixed offset (tests/date_twins.py ZONES: the same map; a test checks), or NULL.
CREATE OR REPLACE MACRO li_zone_offset(z) AS MAP {'UTC': '+00:00', 'GMT': '+00:00', 'Z': '+00:00', 'WET': '+00:00', 'WEST': '+01:00', 'BST': '+01:00', 'CET': '+01:00', 'CEST': '+02:00', 'EET': '+02:00', 'EEST': '+03:00', 'MSK': '+03:00', 'IST': '+05:30', 'SGT': '+08:00', 'HKT': '+08:00', 'JST': '+09:00', 'KST': '+09:00', 'AEST': '+10:00', 'AEDT': '+11:00', 'NZST': '+12:00', 'NZDT': '+13:00', 'EST': '-05:00', 'EDT': '-04:00', 'CST': '-06:00', 'CDT': '-05:00', 'MST': '-07:00', 'MDT': '-06:00', 'PST': '-08:00', 'PDT': '-07:00', 'AKST': '-09:00', 'AKDT': '-08:00', 'HST': '-10:00', 'BRT': '-03:00', 'ART': '-03:00'}[z];

-- A time written with a zone (`+02:00`, `PST`, `Mon Jul 01 10:00:00 PST 2024`) -> the same instant in UTC.
-- The abbreviation is replaced by its offset first: DuckDB's %Z reads `BST` as Bangladesh and `PST` in July
-- as daylight time. The trimmed text (t) and the zone's offset (o) are each named once, as one-element lists
-- mapped by a lambda (see li_plausible): written out, the zone's regex and MAP were bound twice in every
-- li_ts, and binding is most of what a date column costs a small export (li_when: 2.2 -> 1.4 ms a use).
CREATE OR REPLACE MACRO li_ts_zoned(s) AS CAST(timezone('UTC', try_strptime(list_transform([trim(s)],
    lambda t: list_transform([li_zone_offset(regexp_extract(t, '(?:^|\s)([A-Z]{1,5})(?:\s\d{4})?$', 1))],
        lambda o: CASE WHEN o IS NOT NULL THEN regexp_replace(t, '(^|\s)([A-Z]{1,5})((?:\s\d{4})?)$', '\1' || o || '\3')
                       ELSE regexp_replace(t, '(\d)Z$', '\1+00:00') END)[1])[1],
    ['%Y-%m-%d %H:%M:%S %z', '%Y/%m/%d %H:%M:%S %z', '%Y-%m-%dT%H:%M:%S%z', '%Y-%m-%d %H:%M %z', '%m/%d/%y, %I:%M %p %z', '%m/%d/%y %I:%M %p %z', '%a %b %d %H:%M:%S %z %Y'])) AS TIMESTAMP);

-- Every timestamp/date format of docs/export-format.md section 3, tried in order; no zone -> taken as UTC; a
-- time with a zone (only tried when no zone-less format fits: one more test per unparsed value) -> UTC.
CREATE OR REPLACE MACRO li_ts(s) AS coalesce(try_strptime(trim(s), [
    '%Y-%m-%d %H:%M:%S UTC', '%m/%d/%y, %I:%M %p', '%d %b %Y', '%Y-%m-%dT%H:%M:%S',
    '%Y/%m/%d %H:%M:%S UTC', '%a %b %d %H:%M:%S UTC %Y', '%Y-%m-%d %H:%M:%S', '%Y-%m-%d %H:%M UTC',
    '%m/%d/%y %I:%M %p UTC', '%b %d, %Y', '%Y-%m-%d', '%d-%b-%y']), li_ts_zoned(s));

-- A parsed time the export can really hold, else NULL: on or after LinkedIn's launch (2003-05-05) and before
-- the day after tomorrow by this machine's clock (UTC; a day's slack for time zones). A row dated 2031, 9999
-- or 1999 is kept with its date unknown (docs/export-format.md, "Dates out of range"); the ingest counts them
-- and says so in its warning line. `t` is named once, in a one-element list filtered by a lambda: a macro
-- argument is copied wherever the body names it, and `nullif` (and CASE) name theirs twice, so the earlier
-- nullif(least(nullif(greatest(t, ...)))) bound li_ts four times in every li_when (~3 ms of CPU per staging
-- column read; ~0.1 s per typical ingest). The lambda syntax reads in DuckDB 1.2 (test_storage_clients).
CREATE OR REPLACE MACRO li_plausible(t) AS list_filter([t],
    lambda x: x > TIMESTAMP '2003-05-04 23:59:59.999999' AND x < CAST(current_date + 2 AS TIMESTAMP))[1];

-- li_ts, kept only when plausible: what the staging views read.
CREATE OR REPLACE MACRO li_when(s) AS li_plausible(li_ts(s));

-- Positions/Education: `Jun 2019` or `2019` -> first day of the month (or year).
CREATE OR REPLACE MACRO li_month(s) AS CAST(try_strptime(trim(s), ['%b %Y', '%Y']) AS DATE);

-- The identity keys, url_key and name_key, are macros here (the macros file runs first, at load, where
-- meta.owner_by_export needs them) but no staging view calls them: staging only renames and types, and the
-- keys are derived where identity is resolved (meta/00_person_mentions.sql, meta/90_owner_by_export.sql and
-- the model files that join meta.person_lookup). name_key runs once a build, in meta/00_name_keys.sql (its
-- regex costs 2-3 ms to compile per statement); the other build statements look its result up.

-- Normalised profile URL: no scheme, no www., no trailing slash, percent-decoded, lower case. The fast path
-- takes the form every modern file writes (`https://www.linkedin.com/in/<lower-case slug>`) without regexes.
CREATE OR REPLACE MACRO url_key(s) AS CASE
    WHEN s IS NULL THEN NULL
    WHEN starts_with(s, 'https://www.linkedin.com/') AND NOT contains(s, '%') AND NOT ends_with(s, '/')
         AND NOT contains(s, ' ') AND s = lower(s) THEN substr(s, 13)
    ELSE nullif(lower(url_decode(rtrim(
        regexp_replace(regexp_replace(trim(s), '^[A-Za-z][A-Za-z0-9+.-]*://', ''), '^[wW][wW][wW]\.', ''),
        '/'))), '')
    END;

-- Normalised display name: before the first comma, accents removed, lower case, punctuation dropped, spaces
-- folded. A space is any Unicode space (\p{Z}: a no-break space typed between first and last name, an em
-- space), as in the Python twin (its NFKD turns them into spaces): RE2's \s is ASCII only, and `Ann<NBSP>Lee`
-- was keyed `annlee`, one person split in two.
CREATE OR REPLACE MACRO name_key(s) AS nullif(trim(regexp_replace(regexp_replace(
    lower(strip_accents(split_part(s, ',', 1))), '[^\p{L}\p{N}_\s\p{Z}]', '', 'g'), '[\s\p{Z}]+', ' ', 'g')), '');

-- Plain text of HTML content, in three steps that each skip texts that do not need them. Apply them in
-- stacked CTEs (see staging.messages): nested in one expression, a CASE re-evaluates its argument for each
-- use, which cost ~10 s on a million messages instead of ~2 s.
CREATE OR REPLACE MACRO strip_tags(s) AS
    CASE WHEN contains(s, '<') THEN regexp_replace(s, '<[^>]*>', ' ', 'g') ELSE s END;

CREATE OR REPLACE MACRO decode_entities(s) AS CASE WHEN contains(s, '&') THEN
    replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(s,
        '&nbsp;', ' '), '&lt;', '<'), '&gt;', '>'), '&quot;', '"'), '&#39;', ''''), '&#x27;', ''''),
        '&rsquo;', '’'), '&lsquo;', '‘'), '&rdquo;', '”'), '&ldquo;', '“'), '&hellip;', '…'), '&amp;', '&')
    ELSE s END;

-- Whitespace runs -> one space; the regex only runs on texts with something to fold (RE2 replacing every
-- single space of a million messages costs ~20 s).
CREATE OR REPLACE MACRO fold_ws(s) AS CASE
    WHEN contains(s, chr(10)) OR contains(s, chr(13)) OR contains(s, chr(9)) OR contains(s, '  ')
         OR contains(s, chr(160)) OR contains(s, chr(11)) OR contains(s, chr(12))
    THEN regexp_replace(s, '[\t\n\r\f\v\x{A0}][\s\x{A0}]*| [\s\x{A0}]+', ' ', 'g')
    ELSE s END;

-- trim(s) where an end of s is a space: trim reads every character of s (a Unicode look-up each; 0.7 s over a
-- million messages) to remove the space separators (category Zs) at either end. Apply to a column, not to an
-- expression (see strip_tags).
CREATE OR REPLACE MACRO trim_ends(s) AS
    CASE WHEN trim(left(s, 1)) = '' OR trim(substring(s, -1)) = '' THEN trim(s) ELSE s END;

-- The three steps in one call, for ad-hoc use on small inputs.
CREATE OR REPLACE MACRO html_text(s) AS nullif(trim(fold_ws(decode_entities(strip_tags(s)))), '');
