"""Frame shaping for the notebooks' charts and tables: labels, counts per class, bins and curves made from
frames already read (chart_data.py reads them from the database; the analyses compute the measures). No
SQL and no connection here."""

from __future__ import annotations

import numpy as np
import polars as pl

from linkedin_audit.config import Thresholds
from linkedin_audit.vocabulary import NOTE_KINDS

NOTE_KIND_LABELS = dict(
    zip(NOTE_KINDS, ("no note", "LinkedIn's stock text", "template", "personal note"), strict=True)
)
TIE_CLASSES = ("strong", "weak", "dormant", "never")
ROLLING = (
    ("max_invites_24h", "invites_24h", "invitations in any 24 h"),
    ("max_invites_7d", "invites_7d", "invitations in any 7 days"),
    ("max_messages_1h", "messages_1h", "messages in any hour"),
    ("max_messages_24h", "messages_24h", "messages in any 24 h"),
)
"""Rolling-window maxima shown against their thresholds: (audit_summary metric, thresholds band, label)."""
SUMMARY_SCHEMA = {"metric": pl.String, "value": pl.Float64, "status": pl.String, "detail": pl.String}


def note_kind_labelled(frame: pl.DataFrame) -> pl.DataFrame:
    """A frame's `note_kind` in the report's words ("no note", "template", ...)."""
    return frame.with_columns(pl.col("note_kind").replace(NOTE_KIND_LABELS))


def metrics_in_order(summary: pl.DataFrame | None, names: tuple[str, ...]) -> pl.DataFrame:
    """The rows of an audit_summary frame (None: absent) for `names`, in the order of `names`."""
    if summary is None:
        return pl.DataFrame(schema=SUMMARY_SCHEMA)
    order = {n: i for i, n in enumerate(names)}
    return summary.filter(pl.col("metric").is_in(list(names))).sort(
        pl.col("metric").replace_strict(order, default=len(names))
    )


def rolling_against(summary: pl.DataFrame | None, thresholds: Thresholds) -> pl.DataFrame:
    """The rolling-window maxima (ROLLING) of an audit_summary frame and their watch and high thresholds."""
    rows = []
    values = {} if summary is None else dict(summary.select("metric", "value").iter_rows())
    for metric, band, label in ROLLING:
        if values.get(metric) is not None:
            b = thresholds.band(band)
            rows.append({"measure": label, "value": float(values[metric]), "watch": b.watch, "high": b.high})
    return pl.DataFrame(
        rows, schema={"measure": pl.String, "value": pl.Float64, "watch": pl.Float64, "high": pl.Float64}
    )


def status_counts(frame: pl.DataFrame) -> pl.DataFrame:
    """How many rows of a summary or checklist have each status (for the overview chart)."""
    order = {"high": 0, "watch": 1, "ok": 2, "info": 3, "not_enough_data": 4}
    return (
        frame.group_by("status")
        .len("n")
        .with_columns(pl.col("n").cast(pl.Int64))
        .sort(pl.col("status").replace_strict(order, default=9))
    )


def label_templates(frame: pl.DataFrame, width: int = 60, redact: bool = False) -> pl.DataFrame:
    """A short label per template (its id and the start of its masked text) for a chart axis; the id
    alone when redacting, since masked text can still hold names the masking missed."""
    if redact:
        return frame.with_columns(pl.col("template_id").alias("label"))
    return frame.with_columns(
        (
            pl.col("template_id")
            + ": "
            + pl.col("masked_text").str.slice(0, width)
            + pl.when(pl.col("masked_text").str.len_chars() > width).then(pl.lit("…")).otherwise(pl.lit(""))
        ).alias("label")
    )


def acceptance_labels(frame: pl.DataFrame, key: str) -> pl.DataFrame:
    """An acceptance table (from analyses.acceptance) with readable labels that carry their counts, and no
    empty groups."""
    return frame.filter(pl.col("invitations") > 0).with_columns(
        (
            pl.col(key).cast(pl.String).fill_null("unknown").replace(NOTE_KIND_LABELS)
            + " (n="
            + pl.col("invitations").cast(pl.String)
            + ")"
        ).alias("label")
    )


def display(frame: pl.DataFrame) -> pl.DataFrame:
    """audit_summary rows as a reader sees them: the catalog's label for the metric and its value in the
    catalog's format ("94%", "1,204", "4.9 hours"); the stored numbers stay raw for SQL."""
    from linkedin_audit import metric_catalog as mc

    rows = frame.select("metric", "value").iter_rows()
    values = [None if v is None else mc.format_value(m, v) for m, v in rows]
    return frame.with_columns(
        pl.Series("value", values, dtype=pl.String),
        pl.col("metric").map_elements(mc.label, return_dtype=pl.String),
    ).rename({"metric": "measure"})


def reply_splits(convs: pl.DataFrame, window_days: int = 7) -> pl.DataFrame:
    """The owner-started reply rate split three ways (first message kind, recipient, 1:1 vs group), as one
    frame with a readable label per group, using analyses.replies for every rate."""
    from linkedin_audit.analyses import replies

    parts = [
        ("first message", replies.reply_rate_by_kind(convs, window_days), "first_message_kind"),
        ("recipient", replies.reply_rate_by_connection(convs, window_days), "recipient"),
        ("thread", replies.reply_rate_by_group(convs, window_days), "shape"),
    ]
    frames = [
        f.select(
            (
                pl.lit(f"{dim}: ")
                + pl.col(key).cast(pl.String).str.replace_all("_", " ")
                + " (n="
                + pl.col("judged").cast(pl.String)
                + ")"
            ).alias("group"),
            "judged",
            "replied",
            "reply_rate",
        )
        for dim, f, key in parts
    ]
    return pl.concat(frames).with_columns(pl.col("judged").cast(pl.Int64), pl.col("replied").cast(pl.Int64))


def conversation_counts(convs: pl.DataFrame) -> pl.DataFrame:
    """Conversations by who started them and whether they count for reply rates (and why not)."""
    from linkedin_audit.analyses.replies import EXCLUSION_WORDS

    reason = "exclusion_reason" if "exclusion_reason" in convs.columns else None
    because = (
        pl.col(reason).cast(pl.String).replace(EXCLUSION_WORDS)
        if reason
        else pl.lit("not your conversations")
    )
    why = pl.when(~pl.col("excluded")).then(pl.lit("counted")).otherwise(pl.lit("left out: ") + because)
    started = pl.when(pl.col("started_by_me")).then(pl.lit("you")).otherwise(pl.lit("someone else"))
    return (
        convs.group_by(started.alias("started by"), why.alias("in reply rates"))
        .len("conversations")
        .with_columns(pl.col("conversations").cast(pl.Int64))
        .sort("started by", "in reply rates")
    )


def km_for_chart(curve: pl.DataFrame, max_days: float = 60.0, max_points: int = 400) -> pl.DataFrame:
    """A Kaplan-Meier curve (analyses.replies.time_to_first_reply) for drawing: time in days up to
    `max_days`, the replied share (1 - survival), and at most `max_points` steps (evenly spaced over the
    steps where the curve moves, the first and last kept), so it never meets the chart row limit."""
    longest = curve["time_s"].max()
    followed = float(longest) / 86400.0 if isinstance(longest, int | float) else 0.0
    frame = (
        curve.with_columns(
            (pl.col("time_s") / 86400.0).alias("days"), (1.0 - pl.col("survival")).alias("replied_share")
        )
        .filter(pl.col("days") <= max_days)
        .select("days", "replied_share")
    )
    frame = pl.concat([pl.DataFrame({"days": [0.0], "replied_share": [0.0]}), frame])
    moved = frame.filter((pl.col("replied_share") != pl.col("replied_share").shift(1)).fill_null(True))
    if moved.height > max_points:
        idx = np.unique(np.linspace(0, moved.height - 1, max_points).round().astype(int))
        moved = moved[idx.tolist()]
    last = frame.tail(1).with_columns(pl.lit(min(max_days, followed)).alias("days"))
    return pl.concat([moved, last]).unique("days", keep="last", maintain_order=True).sort("days")


def tie_class_counts(ties: pl.DataFrame) -> pl.DataFrame:
    """Connections per tie class, every class listed."""
    counts = ties.group_by("tie_class").len("n")
    base = pl.DataFrame({"tie_class": list(TIE_CLASSES)})
    return base.join(counts, on="tie_class", how="left").with_columns(pl.col("n").fill_null(0).cast(pl.Int64))


def score_histogram(ties: pl.DataFrame, width: float = 5.0, without: tuple[str, ...] = ()) -> pl.DataFrame:
    """Tie scores in bins of `width` points (0-100), split by class; classes in `without` left out (the
    `never` ties, all near 0, would flatten every other bar)."""
    return (
        ties.filter(~pl.col("tie_class").is_in(list(without)))
        .with_columns((pl.col("score") // width * width).clip(0, 100 - width).alias("start"))
        .group_by("start", "tie_class")
        .len("n")
        .with_columns((pl.col("start") + width).alias("end"), pl.col("n").cast(pl.Int64))
        .sort("start", "tie_class")
    )


def tie_list(frame: pl.DataFrame) -> pl.DataFrame:
    """The columns an action list shows."""
    wanted = (
        "name",
        "company",
        "position",
        "connected_on",
        "contact_days",
        "days_since_last_contact",
        "invitation_note_kind",
        "score",
        "tie_class",
    )
    cols = [c for c in wanted if c in frame.columns]
    return frame.select(cols)
