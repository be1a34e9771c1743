"""The metric registry covers every row of `audit_summary`, its anchors exist in docs/metrics.md,
docs/metrics.md's generated list is the catalog's, and the loader refuses a broken catalog file with an
error naming the metric (hand-made files below)."""

from __future__ import annotations

import re
from pathlib import Path

import duckdb
import pytest

from linkedin_audit import metric_catalog as mc
from linkedin_audit.config import load_thresholds

DOCS = Path(__file__).parent.parent / "docs" / "metrics.md"
SAMPLE = sorted((Path(__file__).parent.parent / "data" / "sample").glob("*.zip"))


def _slug(heading: str) -> str:
    """GitHub's anchor of a Markdown heading."""
    text = re.sub(r"[^\w\- ]", "", heading.strip().lower())
    return text.replace(" ", "-")


def test_every_audit_summary_metric_is_in_the_catalog(sample_con: duckdb.DuckDBPyConnection) -> None:
    produced = {r[0] for r in sample_con.execute("SELECT metric FROM audit_summary").fetchall()}
    missing = sorted(produced - set(mc.BY_ID))
    assert not missing, f"add these metrics to linkedin_audit/metric_catalog.py: {missing}"
    stale = sorted(set(mc.BY_ID) - produced)
    assert not stale, f"the catalog describes metrics audit_summary no longer has: {stale}"


def test_anchors_and_ids_are_in_docs() -> None:
    text = DOCS.read_text()
    anchors = {_slug(m.group(1)) for m in re.finditer(r"^##+ (.+)$", text, flags=re.MULTILINE)}
    for entry in mc.CATALOG:
        assert entry.anchor in anchors, entry.metric
        section = text.split("\n## ")
        defining = [s for s in section if _slug(s.splitlines()[0]) == entry.anchor][0]
        assert f"`{entry.metric}`" in defining, f"{entry.metric} is not defined under #{entry.anchor}"


def test_docs_list_is_generated_from_the_catalog() -> None:
    block = re.search(
        r"<!-- metric-catalog:start -->\n(.*)<!-- metric-catalog:end -->", DOCS.read_text(), flags=re.DOTALL
    )
    assert block, "docs/metrics.md lacks the generated metric list"
    assert block.group(1) == mc.markdown_list(), "regenerate it: python -m linkedin_audit.metric_catalog"


def test_thresholds_keys_exist_and_directions_agree() -> None:
    th = load_thresholds()
    for entry in mc.CATALOG:
        assert entry.unit in mc.UNITS
        assert entry.better in ("lower", "higher", None)
        if entry.thresholds:
            band = th.band(entry.thresholds)
            # a band where higher values are worse means lower is better, and the reverse
            assert entry.better == ("lower" if band.higher_is_worse else "higher"), entry.metric


@pytest.mark.parametrize(
    ("metric", "value", "text"),
    [
        ("canned_invite_share", 0.9422, "94%"),
        ("canned_invite_share", 0.004, "0.4%"),
        ("canned_invite_share", 0.996, "99.6%"),
        ("canned_invite_share", 1.0, "100%"),
        ("pending_invites", 1204.0, "1,204"),
        ("median_first_reply_hours", 4.89, "4.9 hours"),
        ("median_first_reply_hours", 72.0, "3.0 days"),
        ("message_interval_cv", 2.4027, "2.40"),
        ("pending_invites", None, "no value"),
    ],
)
def test_one_format_per_unit(metric: str, value: float | None, text: str) -> None:
    assert mc.format_value(metric, value) == text


def test_sentences_carry_the_number() -> None:
    assert mc.sentence("canned_invite_share", 0.9422).startswith("94% of your invitations")
    with pytest.raises(mc.UnknownMetric):
        mc.info("no_such_metric")


# A hand-made catalog file of two entries; each case below breaks it in one way.
GOOD = """
[anchors]
notes = "invitation-notes"

[[metric]]
id = "canned_invite_share"
label = "Invitations sent without a personal note"
meaning = "Outgoing invitations with no note."
sentence = "{value} of your invitations went out with no note."
unit = "share"
better = "lower"
anchor = "notes"
priority = 34

[[metric]]
id = "max_invites_7d"
label = "Most invitations in any 7 days"
meaning = "The largest number of invitations you sent within any sliding 7 days."
sentence = "At your busiest you sent {value} invitations within 7 days."
unit = "count"
better = "lower"
thresholds = "invites_7d"
anchor = "notes"
priority = 15
"""


def test_a_hand_made_catalog_file_loads() -> None:
    first, second = mc.parse_catalog(GOOD, load_thresholds().bands)
    assert first == mc.MetricInfo(
        "canned_invite_share",
        "Invitations sent without a personal note",
        "Outgoing invitations with no note.",
        "{value} of your invitations went out with no note.",
        "share",
        "lower",
        None,
        "invitation-notes",
        34,
    )
    assert (second.metric, second.thresholds, second.unit, second.priority) == (
        "max_invites_7d",
        "invites_7d",
        "count",
        15,
    )


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ('unit = "count"', 'unit = "percent"', "metric 'max_invites_7d': unknown unit 'percent'"),
        (
            'label = "Invitations sent without a personal note"\n',
            "",
            "metric 'canned_invite_share': missing field(s) label",
        ),
        ('id = "max_invites_7d"', 'id = "canned_invite_share"', "metric 'canned_invite_share': duplicate id"),
        (
            'thresholds = "invites_7d"',
            'thresholds = "invites_per_fortnight"',
            "metric 'max_invites_7d': unknown thresholds band 'invites_per_fortnight'",
        ),
        (
            'thresholds = "invites_7d"',
            'thresholds = "reply_rate"',
            "metric 'max_invites_7d': better = 'lower' disagrees with the direction of [reply_rate]",
        ),
        ('anchor = "notes"\npriority = 15', 'anchor = "bursts"\npriority = 15', "unknown anchor 'bursts'"),
        ("priority = 15", 'priority = "high"', "metric 'max_invites_7d': priority must be a whole number"),
        (
            "priority = 15",
            "priority = 15\nthreshold = 3",
            "metric 'max_invites_7d': unknown field(s) threshold",
        ),
        ("{value} invitations within", "{count} invitations within", "metric 'max_invites_7d': the sentence"),
        ('better = "lower"\nanchor', 'better = "smaller"\nanchor', "better must be lower or higher"),
    ],
)
def test_a_broken_catalog_file_names_the_metric(old: str, new: str, message: str) -> None:
    before, found, after = GOOD.rpartition(old)  # the last occurrence: the second entry, where there are two
    assert found
    broken = before + new + after
    with pytest.raises(mc.CatalogError, match=re.escape(message)):
        mc.parse_catalog(broken, load_thresholds().bands, "broken.toml")


def test_the_shipped_catalog_is_the_package_data_file() -> None:
    shipped = Path(mc.__file__).with_name(mc.CATALOG_FILE)
    assert mc.parse_catalog(shipped.read_text(), load_thresholds().bands) == mc.CATALOG
    assert len(mc.CATALOG) == len(mc.BY_ID)  # every id once
