"""Chart-ready aggregates of the member's own activity (notebooks/08_activity.ipynb), read from `engagement`
and `engagement_months` (analyses/engagement.py): counts only, never a text or a link, so the redacted
report shows exactly what the full one shows. No measures here: the numbers are the analysis step's."""

from __future__ import annotations

import duckdb
import polars as pl

from linkedin_audit import metric_catalog as mc
from linkedin_audit.db import relation_exists

KINDS = ("post", "comment", "reaction", "vote")
KIND_LABELS = {"post": "posts", "comment": "comments", "reaction": "reactions", "vote": "poll votes"}
GIVE = "give: posts and comments"
ASK = "ask: invitations and cold first messages"
COLOURS = {"posts": "#0072B2", "comments": "#009E73", "reactions": "#E69F00", "poll votes": "#CC79A7"}
METRICS = ("public_activity_month_share", "comments_in_top_invite_months", "give_ask_ratio")


def counts(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """Actions by kind (every kind, 0 when absent)."""
    if not relation_exists(con, "engagement"):
        return dict.fromkeys(KINDS, 0)
    got = dict(con.execute("SELECT kind, count(*) FROM engagement GROUP BY kind").fetchall())
    return {k: int(got.get(k, 0)) for k in KINDS}


def months(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    """`engagement_months` as it is (empty without the relation)."""
    if not relation_exists(con, "engagement_months"):
        return pl.DataFrame(schema={"month": pl.Date})
    return con.sql("SELECT * FROM engagement_months ORDER BY month").pl()


def activity_by_month(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    """month, kind (plural label), n: the actions per month by kind, from the first action on."""
    frame = months(con)
    if frame.height == 0 or "posts" not in frame.columns:
        return pl.DataFrame(schema={"month": pl.Date, "kind": pl.String, "n": pl.Int64})
    cols = {"posts": "posts", "comments": "comments", "reactions": "reactions", "votes": "poll votes"}
    total = pl.sum_horizontal(*cols)
    first = frame.filter(total > 0)["month"].min()
    if first is None:
        return pl.DataFrame(schema={"month": pl.Date, "kind": pl.String, "n": pl.Int64})
    long = frame.filter(pl.col("month") >= first).unpivot(
        index="month", on=list(cols), variable_name="kind", value_name="n"
    )
    return long.with_columns(pl.col("kind").replace(cols), pl.col("n").cast(pl.Int64)).sort("month", "kind")


def give_ask_by_month(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    """month, series (GIVE or ASK), n: from the first month with an outgoing invitation (the months the
    invitation files cover) through the newest export's month."""
    frame = months(con)
    empty = pl.DataFrame(schema={"month": pl.Date, "series": pl.String, "n": pl.Int64})
    if frame.height == 0 or "give" not in frame.columns:
        return empty
    first = frame.filter(pl.col("invitations_sent") > 0)["month"].min()
    if first is None:
        return empty
    window = frame.filter(pl.col("month") >= first).select("month", pl.col("give"), pl.col("ask"))
    long = window.unpivot(index="month", on=["give", "ask"], variable_name="series", value_name="n")
    return long.with_columns(
        pl.col("series").replace({"give": GIVE, "ask": ASK}), pl.col("n").cast(pl.Int64)
    ).sort("month", "series")


def top_invite_months(con: duckdb.DuckDBPyConnection, top: int = 3) -> pl.DataFrame:
    """The months with the most invitations sent, with what the member gave in them (counts only)."""
    frame = months(con)
    if frame.height == 0 or "ask_rank" not in frame.columns:
        return pl.DataFrame()
    rows = frame.filter(pl.col("ask_rank") <= top).sort("month")
    return rows.select(
        pl.col("month").dt.strftime("%b %Y").alias("month"),
        "invitations_sent",
        "cold_starts",
        "posts",
        "comments",
        "reactions",
    )


def summary(con: duckdb.DuckDBPyConnection) -> list[tuple[str, str, str]]:
    """(label, value as the report writes it, detail) of the step's metrics, in METRICS order. A metric
    with no value says why in words (its detail: "the export holds no post, ..."), never "no value"."""
    if not relation_exists(con, "audit_summary"):
        return []
    rows = {
        r[0]: (r[1], r[2])
        for r in con.execute(
            "SELECT metric, value, detail FROM audit_summary WHERE metric IN (?, ?, ?)", list(METRICS)
        ).fetchall()
    }
    return [
        (mc.label(m), mc.format_value(m, value) if value is not None else (detail or "unknown"), detail or "")
        for m in METRICS
        if m in rows
        for value, detail in [rows[m]]
    ]


def finding(con: duckdb.DuckDBPyConnection, top: int = 3) -> str | None:
    """One plain sentence where the member's own history makes it true, else None: no comment at all in the
    months they sent the most invitations while they comment in other months, or a comment every month."""
    frame = months(con)
    if frame.height == 0 or "ask_rank" not in frame.columns:
        return None
    active = frame.filter(pl.sum_horizontal("posts", "comments", "reactions", "votes") > 0)
    first = active["month"].min()
    if first is None:
        return None
    since = frame.filter(pl.col("month") >= first)
    asks = since.filter(pl.col("ask_rank") <= top).sort("month")
    others = since.filter(pl.col("ask_rank").is_null() | (pl.col("ask_rank") > top))
    if asks.height and int(asks["comments"].sum()) == 0 and int(others["comments"].sum()) > 0:
        names = ", ".join(m.strftime("%b %Y") for m in asks["month"])
        median = float(others["comments"].median() or 0)  # type: ignore[arg-type]
        return (
            f"In the {asks.height} months you sent the most invitations ({names}: "
            f"{int(asks['invitations_sent'].sum()):,} invitations) you commented on nothing; in your other "
            f"{others.height} months you wrote a median of {median:g} comment{'' if median == 1 else 's'} "
            "a month."
        )
    if since.height >= 3 and bool((since["comments"] > 0).all()):
        return (
            f"You commented in every one of the {since.height} months since your first public action: "
            "people who have seen your comments know your name when your invitation arrives."
        )
    return None
