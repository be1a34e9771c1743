"""The owner's clock: which local time the sent messages were written in (relation `owner_clock`), for
night_send_share and the heat map.

Why: night_send_share depends on the offset. On a real export with 66 sends the old rule (most sends on
local weekdays 09:00-18:00) picked UTC+14 with +13 and +12 close behind, while the profile's location was
in a UTC-8/-7 zone: 16.7 % "night" instead of 3.0 %. So (docs/metrics.md, "The owner's clock"):
1. Profile.csv `Geo Location` naming a known place wins: a zone name's city ("Stockholm", "Los Angeles"),
   a US state, Canadian province or Australian state, a known metro area, or a country with one zone (or a
   "mainland"/"most of" first zone, for countries not spanning several offsets), from the IANA tables the
   `tzdata` package ships (zone.tab, iso3166.tab). Local time then follows that zone through `zoneinfo`
   at each message's date (daylight saving included). Confidence 1.
2. Otherwise the offset is inferred from the sends: each whole-hour offset in [-12, +14] scores the sends
   on local weekdays 09:00-18:00 minus the sends at local 00:00-06:00 (the daily trough of sending is a
   strong signal). Every offset scoring within PLAUSIBLE (10 %) of the sends of the best is plausible; the
   best is used only when every plausible offset gives a night share within MAX_NIGHT_SPREAD (5 points)
   of each other, i.e. when the answer does not hang on a fragile maximum. Otherwise the clock is
   `uncertain` and night_send_share is not_enough_data, with the reason. Confidence = 1 - that spread.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from zoneinfo import ZoneInfo

import numpy as np

PLAUSIBLE = 0.10
MAX_NIGHT_SPREAD = 0.05
_SPAN = range(-12, 15)

# Regions of the countries that span several offsets, as LinkedIn writes them ("Seattle, Washington,
# United States"), and metro areas named without a city of the zone tables.
REGIONS: dict[str, str] = {
    **dict.fromkeys(
        (
            "alabama",
            "arkansas",
            "illinois",
            "iowa",
            "kansas",
            "louisiana",
            "minnesota",
            "mississippi",
            "missouri",
            "nebraska",
            "north dakota",
            "oklahoma",
            "south dakota",
            "tennessee",
            "texas",
            "wisconsin",
            "manitoba",
            "saskatchewan",
        ),
        "America/Chicago",
    ),
    **dict.fromkeys(
        (
            "connecticut",
            "delaware",
            "district of columbia",
            "florida",
            "georgia",
            "indiana",
            "kentucky",
            "maine",
            "maryland",
            "massachusetts",
            "michigan",
            "new hampshire",
            "new jersey",
            "new york",
            "north carolina",
            "ohio",
            "pennsylvania",
            "rhode island",
            "south carolina",
            "vermont",
            "virginia",
            "west virginia",
            "ontario",
            "quebec",
        ),
        "America/New_York",
    ),
    **dict.fromkeys(
        ("colorado", "idaho", "montana", "new mexico", "utah", "wyoming", "alberta"), "America/Denver"
    ),
    "arizona": "America/Phoenix",
    **dict.fromkeys(
        ("california", "nevada", "oregon", "washington", "british columbia"), "America/Los_Angeles"
    ),
    "alaska": "America/Anchorage",
    "hawaii": "Pacific/Honolulu",
    **dict.fromkeys(("nova scotia", "new brunswick", "prince edward island"), "America/Halifax"),
    "newfoundland and labrador": "America/St_Johns",
    "new south wales": "Australia/Sydney",
    "victoria": "Australia/Melbourne",
    "queensland": "Australia/Brisbane",
    "western australia": "Australia/Perth",
    "south australia": "Australia/Adelaide",
    "tasmania": "Australia/Hobart",
    "australian capital territory": "Australia/Sydney",
    "northern territory": "Australia/Darwin",
    **dict.fromkeys(
        (
            "san francisco bay area",
            "greater seattle area",
            "los angeles metropolitan area",
            "greater san diego area",
            "portland, oregon metropolitan area",
        ),
        "America/Los_Angeles",
    ),
    **dict.fromkeys(
        (
            "new york city metropolitan area",
            "greater boston",
            "washington dc-baltimore area",
            "greater philadelphia",
            "atlanta metropolitan area",
            "miami-fort lauderdale area",
        ),
        "America/New_York",
    ),
    **dict.fromkeys(
        (
            "greater chicago area",
            "dallas-fort worth metroplex",
            "greater houston",
            "austin, texas metropolitan area",
        ),
        "America/Chicago",
    ),
    "denver metropolitan area": "America/Denver",
    "bengaluru": "Asia/Kolkata",
    "bangalore": "Asia/Kolkata",
    "mumbai": "Asia/Kolkata",
    "new delhi": "Asia/Kolkata",
    "delhi": "Asia/Kolkata",
}
COUNTRY_ALIASES = {
    "usa": "US",
    "united states of america": "US",
    "uk": "GB",
    "england": "GB",
    "scotland": "GB",
    "wales": "GB",
    "russia": "RU",
    "south korea": "KR",
    "korea": "KR",
    "turkey": "TR",
    "turkiye": "TR",
    "vietnam": "VN",
    "czech republic": "CZ",
    "the netherlands": "NL",
    "uae": "AE",
    "taiwan": "TW",
    "iran": "IR",
}
# Countries whose zones span several offsets: the country alone names no clock.
SPANNING = frozenset({"US", "CA", "AU", "BR", "RU", "MX", "ID", "KZ", "CD", "MN", "CL", "PT", "ES", "EC"})


@dataclass(frozen=True)
class Clock:
    zone: str | None  # an IANA zone when the profile named a known place
    offset_hours: int | None  # the whole-hour offset inferred from the sends, when confident
    source: str  # profile_location | inferred | uncertain | no_sends
    confidence: float
    reason: str

    @property
    def known(self) -> bool:
        return self.zone is not None or self.offset_hours is not None


def _fold(text: str) -> str:
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return " ".join(text.lower().replace("_", " ").split())


@lru_cache(maxsize=1)
def _tables() -> tuple[dict[str, str], dict[str, list[tuple[str, str]]], dict[str, str]]:
    """(country name -> code, code -> [(zone, comment)], zone city -> zone) from tzdata's tables."""
    base = resources.files("tzdata").joinpath("zoneinfo")
    names: dict[str, str] = {}
    for line in base.joinpath("iso3166.tab").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            code, name = line.split("\t")[:2]
            names[_fold(name)] = code
    zones: dict[str, list[tuple[str, str]]] = {}
    cities: dict[str, str] = {}
    for line in base.joinpath("zone.tab").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            parts = line.split("\t")
            zones.setdefault(parts[0], []).append((parts[2], parts[3] if len(parts) > 3 else ""))
            cities.setdefault(_fold(parts[2].rsplit("/", 1)[-1]), parts[2])
    return names, zones, cities


def zone_of_location(geo: str | None) -> str | None:
    """The IANA zone a Profile.csv `Geo Location` names, or None when it names no known place."""
    if not geo or not geo.strip():
        return None
    names, zones, cities = _tables()
    whole = _fold(geo)
    if whole in REGIONS:
        return REGIONS[whole]
    parts = [_fold(p) for p in re.split(r"[,;/]", geo) if p.strip()]
    keys = [(part, re.sub(r"^greater | area$| metropolitan area$", "", part)) for part in parts]
    for pair in keys:  # a city first: the most specific
        for key in pair:
            if key in cities:
                return cities[key]
    for pair in reversed(keys):  # then a region, the widest first ("Washington, District of Columbia")
        for key in pair:
            if key in REGIONS:
                return REGIONS[key]
    for part in reversed(parts):
        code = COUNTRY_ALIASES.get(part) or names.get(part)
        if code and code in zones and code not in SPANNING:
            first, comment = zones[code][0]
            if len(zones[code]) == 1 or re.search(r"mainland|most", comment, re.IGNORECASE):
                return first
    return None


def local_hours(times: np.ndarray, zone: str) -> tuple[np.ndarray, np.ndarray]:
    """(local hour 0-23, local weekday 0 = Monday) of UTC epoch seconds in `zone`, daylight saving
    included: the offset is looked up once per distinct UTC hour (zones change offset on a whole UTC hour;
    ~50,000 look-ups at max scale instead of one per message)."""
    tz = ZoneInfo(zone)
    hours, inverse = np.unique(np.asarray(times) // 3600, return_inverse=True)
    offsets = np.array(
        [
            int((dt.datetime.fromtimestamp(int(h) * 3600, tz).utcoffset() or dt.timedelta()).total_seconds())
            for h in hours
        ],
        dtype=np.int64,
    )
    local = np.asarray(times) + offsets[inverse]
    return (local // 3600) % 24, ((local // 86400) + 3) % 7


def offset_scores(times: np.ndarray) -> dict[int, int]:
    """Per whole-hour offset: sends on local weekdays 09:00-18:00 minus sends at local 00:00-06:00."""
    hours, per_hour = np.unique((np.asarray(times) // 3600).astype(np.int64), return_counts=True)
    out = {}
    for off in _SPAN:
        local = hours + off
        weekday, hour = ((local // 24) + 3) % 7, local % 24
        office = int(per_hour[(weekday < 5) & (hour >= 9) & (hour < 18)].sum())
        night = int(per_hour[hour < 6].sum())
        out[off] = office - night
    return out


def infer_clock(times: np.ndarray, geo_location: str | None = None) -> Clock:
    """The owner's clock (module docstring, rules 1 and 2)."""
    zone = zone_of_location(geo_location)
    if zone is not None:
        return Clock(
            zone,
            None,
            "profile_location",
            1.0,
            f"Profile.csv Geo Location {geo_location!r} is in {zone} (local time through "
            f"zoneinfo, daylight saving where it applies)",
        )
    n = len(times)
    if n == 0:
        return Clock(None, None, "no_sends", 0.0, "no sent messages to infer a clock from")
    scores = offset_scores(times)
    best = max(_SPAN, key=lambda o: (scores[o], -abs(o), -o))
    plausible = [o for o in _SPAN if scores[o] >= scores[best] - PLAUSIBLE * n]
    hour_of = (np.asarray(times) // 3600) % 24
    night = {o: float(np.count_nonzero((hour_of + o) % 24 < 6)) / n for o in plausible}
    spread = max(night.values()) - min(night.values())
    where = "no Profile.csv Geo Location" if not geo_location else f"Geo Location {geo_location!r} unknown"
    detail = (
        f"{where}; UTC{best:+d} scores best ({scores[best]}: weekday office-hour sends minus night "
        f"sends, of {n} sends); plausible UTC{min(plausible):+d} to UTC{max(plausible):+d} give night "
        f"shares {min(night.values()):.1%} to {max(night.values()):.1%}"
    )
    if spread > MAX_NIGHT_SPREAD:
        return Clock(
            None,
            None,
            "uncertain",
            1 - spread,
            f"{detail}: the clock is uncertain (margin too small for the night share)",
        )
    return Clock(None, best, "inferred", 1 - spread, detail)


def hours_and_weekdays(times: np.ndarray, clock: Clock) -> tuple[np.ndarray, np.ndarray]:
    """Local hour and weekday of each time under a known clock."""
    if clock.zone is not None:
        return local_hours(times, clock.zone)
    assert clock.offset_hours is not None
    local = np.asarray(times) + clock.offset_hours * 3600
    return (local // 3600) % 24, ((local // 86400) + 3) % 7


def _offset_text(seconds: int) -> str:
    sign = "+" if seconds >= 0 else "-"
    hours, minutes = divmod(abs(int(seconds)) // 60, 60)
    return f"{sign}{hours}" + (f":{minutes:02d}" if minutes else "")


def offsets_label(times: np.ndarray, clock: Clock) -> str:
    """The UTC offsets the clock gives the sends, for people to read: "UTC+5:30", "UTC-8/-7" (a zone with
    daylight saving), "UTC+3 (inferred)"; "UTC" when the clock is unknown (hours are then shown in UTC)."""
    if clock.offset_hours is not None:
        return f"UTC{_offset_text(clock.offset_hours * 3600)}"
    if clock.zone is None:
        return "UTC"
    tz = ZoneInfo(clock.zone)
    hours = np.unique(np.asarray(times) // 3600) if len(times) else np.array([0])
    seen = sorted(
        {
            int((dt.datetime.fromtimestamp(int(h) * 3600, tz).utcoffset() or dt.timedelta()).total_seconds())
            for h in hours
        }
    )
    return "UTC" + "/".join(_offset_text(o) for o in seen)
