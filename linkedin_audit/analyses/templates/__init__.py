"""Templates: copy-pasted messages and invitation notes, found on masked text (relations `templates`,
`message_templates`; metric `templated_message_share`).

Definitions (docs/metrics.md, "Templates"): text is normalised and masked with the recipient's own name and
company plus URLs, e-mails and numbers; a template is a cluster of >= 3 identical or near-identical masked
texts (rapidfuzz ratio >= CUTOFF = 90, blocked, transitive) sent to >= 3 different conversations (invitation
notes: >= 3 different people); a masked text of fewer than 6 words is never a template.
Only the member's own words are clustered: a sent message's `text_kind` is `empty` (no text: attachments
only), `linkedin_notice` (a text LinkedIn composes, e.g. "<name> sent you a recommendation"), `stock_text`
(LinkedIn's stock invitation sentence arriving as a message: canned, like `default_text` for notes, but not
the member's template) or `member`; only `member` texts enter clustering (`text.text_kinds`).
`templated_message_share` = sent messages (is_from_me, not draft) in a template / sent messages with text
(empty ones are counted apart and left out of the denominator; minimum: `sends`; a volume guard and the age
of the evidence: templates/share.py).
"""

from __future__ import annotations

import gc
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial

import duckdb
import numpy as np
import polars as pl

from linkedin_audit.analyses import recency
from linkedin_audit.analyses.common import Metric, as_of, fetch_frame, write_table
from linkedin_audit.analyses.templates.clustering import cluster_texts
from linkedin_audit.analyses.templates.lsh import minhash
from linkedin_audit.analyses.templates.memo import (
    KIND_TABLE,
    MASK_TABLE,
    SIGNATURE_WIDTH,
    Memo,
    NoMemo,
    TemplateMemo,
    digest64,
    text_keys,
)
from linkedin_audit.analyses.templates.share import templated_message_share
from linkedin_audit.config import Thresholds
from linkedin_audit.text import (
    has_min_words,
    is_default_normalised,
    mask,
    normalise_all,
    slot_values,
    text_kinds,
)

METRICS = ("templated_message_share",)
"""The headline metrics `materialize` returns, in order."""

CUTOFF = 90.0
"""At 85, personal messages that share most of their phrases (the generator's phrase grammar at 100,000
messages) chain into false templates; at 90 templates with a few small edits still join."""

TEMPLATE_SCHEMA: dict[str, pl.DataType] = {
    "template_id": pl.String(),
    "kind": pl.String(),
    "masked_text": pl.String(),
    "n": pl.Int64(),
    "first_used": pl.Datetime("us"),
    "last_used": pl.Datetime("us"),
}


def _sent_messages(con: duckdb.DuckDBPyConnection) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Sent messages and, per conversation, the names and companies of the other participants (the
    recipients): polars frames fetched as Arrow (Python tuples of ~500,000 rows at max scale took ~2 s, and
    joining the recipients to every message in SQL ~0.4 s more than fetching them apart)."""
    recipients = fetch_frame(
        con.sql(
            """
        SELECT cp.conversation_id,
               coalesce(list(DISTINCT p.name) FILTER (WHERE p.name IS NOT NULL), []) AS names,
               coalesce(list(DISTINCT c.company) FILTER (WHERE c.company IS NOT NULL), []) AS companies
        FROM conversation_participants cp
        LEFT JOIN people p USING (person_id)
        LEFT JOIN connections c ON c.person_id = cp.person_id
        WHERE NOT coalesce(cp.is_me, false)
          AND cp.conversation_id IN (SELECT conversation_id FROM sent_messages)
        GROUP BY cp.conversation_id
        """
        )
    )
    frame = fetch_frame(
        con.sql(
            """
        SELECT message_id, coalesce(conversation_id, 'message-' || message_id) AS conv, sent_at,
               coalesce(content_text, content) AS text, to_names, conversation_id
        FROM sent_messages
        """
        )
    )
    # Sorted here: DuckDB's ORDER BY carried every text through its sort (0.24-0.42 s at max scale, 0.18-0.20
    # s in polars). NULL times last, as ORDER BY puts them.
    return frame.sort("sent_at", "message_id", nulls_last=True), recipients


_Slots = tuple[tuple[str, ...], tuple[str, ...]]


def _slots(messages: pl.DataFrame, recipients: pl.DataFrame) -> tuple[np.ndarray, list[_Slots]]:
    """The distinct slot values of `messages`, and per message the index of its own. They depend on the
    recipients and the TO field only: computed once per distinct pair (~19,000 for ~380,000 messages at max
    scale), grouped by polars."""
    no_values = pl.lit([], dtype=pl.List(pl.String))
    groups = (
        messages.with_row_index("row")
        .group_by("conversation_id", "to_names")
        .agg("row")
        .join(recipients, on="conversation_id", how="left")  # no recipients: no names, no companies
        .with_columns(pl.col("names", "companies").fill_null(no_values))
        .group_by("names", "to_names", "companies")
        .agg(pl.col("row").explode())
        .with_row_index("k")
    )
    rows = groups.select("k", "row").explode("row")
    key = np.empty(messages.height, dtype=np.int64)
    key[rows["row"].to_numpy()] = rows["k"].to_numpy()
    return key, [
        slot_values([*names, to_names], companies)
        for names, to_names, companies in zip(
            *(groups[c].to_list() for c in ("names", "to_names", "companies")), strict=True
        )
    ]


@contextmanager
def _no_cyclic_gc() -> Iterator[None]:
    """Python's cyclic garbage collector re-scans every live tuple each time many are allocated: with
    ~500,000 message rows (max scale) that was ~20 % of the templates' time, for no garbage (no cycles here;
    everything is still freed by reference counting)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _template_ids(labels: np.ndarray, prefix: str) -> pl.Series:
    """Per text `{prefix}-{label + 1}`, or None when the label is -1 (in polars: ~380,000 labels)."""
    number = pl.Series("n", labels + 1, dtype=pl.Int64)
    return pl.select(template_id=pl.when(number > 0).then(pl.format(prefix + "-{}", number))).to_series()


def message_templates(con: duckdb.DuckDBPyConnection, cutoff: float = CUTOFF) -> pl.DataFrame:
    """One row per sent message: message_id, conversation key, sent_at, masked_text (NULL when too short to be
    a template), template_id (NULL when personal), with template ids `msg-1`, `msg-2`, ... by size."""
    with _no_cyclic_gc():
        return _message_templates(con, cutoff)


def _message_templates(
    con: duckdb.DuckDBPyConnection, cutoff: float, memo: Memo | None = None
) -> pl.DataFrame:
    """`message_templates`, with the per-text work remembered in `memo` (memo.py) when one is given: the
    result is the same either way."""
    memo = memo or NoMemo()
    frame, recipients = _sent_messages(con)
    # Masking never adds a word (a slot value, URL, e-mail or number becomes one placeholder), so a text
    # already too short when normalised is never a template: it is neither masked nor clustered (~115,000
    # of ~500,000 sent messages at max scale). Its masked_text stays NULL.
    keyed = text_keys(frame["text"]).with_columns(raw=frame["text"])
    kinds = memo.lookup(KIND_TABLE, keyed, _kinds)
    del keyed
    chosen = kinds["is_long"] & (kinds["text_kind"] == "member")
    # the normalised texts of the long ones, where they were just computed (NULL where remembered)
    norm = (
        kinds["norm"] if "norm" in kinds.columns else pl.repeat(None, len(kinds), dtype=pl.String)
    ).filter(chosen)
    frame = frame.with_columns(kinds.select("h1", "h2", "text_kind"))
    del kinds
    long = frame.filter(chosen)
    frame = frame.drop("text")  # ~150 MB of text at max scale, needed only for the long ones
    key, slots = _slots(long, recipients)
    digests = np.array([digest64((*names, "\x1e", *companies)) for names, companies in slots], np.uint64)
    wanted = long.select("h1", "h2", slots=pl.Series(digests[key]), k=pl.Series(key), raw="text", norm=norm)
    del norm
    masked_texts = memo.lookup(MASK_TABLE, wanted, partial(_masks, slots=slots))["masked_text"]
    del wanted
    long = long.drop("text")
    labels = cluster_texts(masked_texts, long["conv"], cutoff=cutoff, signatures=partial(_signatures, memo))
    long = long.select("message_id", masked_text=masked_texts, template_id=_template_ids(labels, "msg"))
    # message_id is unique (docs/schema.md): the left join keeps one row per sent message, in order.
    per_message = frame.select(
        "message_id",
        "text_kind",
        "h1",
        "h2",
        conversation_key="conv",
        sent_at=pl.col("sent_at").cast(pl.Datetime("us")),
    )
    return per_message.join(long, on="message_id", how="left", maintain_order="left")


def _kinds(todo: pl.DataFrame) -> pl.DataFrame:
    """Per sent text (column raw): its kind, whether it has a template's words, and its normalised form."""
    norm = normalise_all(todo["raw"])
    return todo.with_columns(
        text_kind=text_kinds(norm), is_long=has_min_words(norm).fill_null(False), norm=norm
    )


def _masks(todo: pl.DataFrame, slots: list[_Slots]) -> pl.DataFrame:
    """Per long text (raw, its normalised form where known, its slot index k): the masked text."""
    texts = todo["norm"]
    unknown = texts.is_null().arg_true()
    if unknown.len():
        texts = texts.scatter(unknown, normalise_all(todo["raw"].gather(unknown)))
    # Python's \d also matches non-ASCII digits: only ASCII texts without 0-9 are known to have none.
    digits = texts.str.contains("[0-9]") | (texts.str.len_bytes() != texts.str.len_chars())
    masked = [
        mask(text, *slots[k], digits=d)
        for text, k, d in zip(texts.to_list(), todo["k"].to_list(), digits.to_list(), strict=True)
    ]
    return todo.with_columns(masked_text=pl.Series(masked, dtype=pl.String))


def _signatures(memo: Memo, texts: pl.Series, n_hashes: int) -> np.ndarray:
    """MinHash signatures of distinct masked texts, remembered by `memo` (it keeps SIGNATURE_WIDTH values)."""
    if n_hashes != SIGNATURE_WIDTH:
        return minhash(texts, n_hashes)
    return memo.signatures(texts, partial(minhash, n_hashes=n_hashes))


def invitation_note_templates(con: duckdb.DuckDBPyConnection, cutoff: float = CUTOFF) -> pl.DataFrame:
    """One row per invitation: invitation_id, direction, sent_at, has_note, is_default_text, masked_text,
    template_id. Outgoing notes cluster into `inv-N`, incoming ones (others' notes to the owner) into `inc-N`;
    stock-text notes are left out of clustering (they are `default_text`, not a template)."""
    with _no_cyclic_gc():
        return _note_templates(_invitations(con), cutoff)


def _invitations(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    """Every invitation with its note and the names and companies its note may greet."""
    return fetch_frame(
        con.sql(
            """
        SELECT i.invitation_id, i.direction, i.sent_at, i.message,
               coalesce(i.counterparty_person_id::VARCHAR, i.counterparty_url_key, i.counterparty_name,
                        'invitation-' || i.invitation_id) AS who,
               [i.counterparty_name, i.to_name, i.from_name, p.name] AS names,
               CASE WHEN c.company IS NULL THEN []::VARCHAR[] ELSE [c.company] END AS companies,
               (SELECT any_value(name) FROM me) AS my_name
        FROM invitations i
        LEFT JOIN people p ON p.person_id = i.counterparty_person_id
        LEFT JOIN (SELECT person_id, any_value(company) AS company FROM connections GROUP BY person_id) c
               ON c.person_id = i.counterparty_person_id
        ORDER BY i.sent_at, i.invitation_id
        """
        )
    )


def _note_templates(frame: pl.DataFrame, cutoff: float) -> pl.DataFrame:
    """`invitation_note_templates` of the rows of `_invitations`."""
    notes = normalise_all(frame["message"])
    has_note = notes != ""
    picked = (
        frame.select("direction", "who", "names", "companies", "my_name")
        .with_columns(note=notes)
        .filter(has_note)
    )
    # Only the ~22,000 notes of ~50,000 invitations (max scale) are masked and checked, one by one.
    masked: list[str] = []
    default: list[bool] = []
    for note, names, companies, my_name in zip(
        *(picked[c].to_list() for c in ("note", "names", "companies", "my_name")), strict=True
    ):
        present = [n for n in names if n]
        slot_names, slot_companies = slot_values(present, companies)
        masked.append(mask(note, slot_names, slot_companies))
        default.append(is_default_normalised(note, slot_values([*present, my_name or ""])[0]))
    picked = picked.with_columns(
        masked_text=pl.Series(masked, dtype=pl.String),
        is_default_text=pl.Series(default, dtype=pl.Boolean),
        pos=has_note.arg_true(),
        template_id=pl.lit(None, dtype=pl.String),
    )
    for direction, prefix in (("outgoing", "inv"), ("incoming", "inc")):
        part = picked.filter((pl.col("direction") == direction) & ~pl.col("is_default_text"))
        labels = cluster_texts(part["masked_text"], part["who"], cutoff=cutoff)
        picked = picked.update(part.select("pos", template_id=_template_ids(labels, prefix)), on="pos")
    out = frame.select("invitation_id", "direction", "sent_at", has_note=has_note).with_row_index("pos")
    out = out.join(
        picked.select("pos", "is_default_text", "masked_text", "template_id"),
        on="pos",
        how="left",
        maintain_order="left",
    ).with_columns(pl.col("is_default_text").fill_null(False))
    return out.select(*_NOTES_SCHEMA).cast(_NOTES_SCHEMA)  # type: ignore[arg-type]


def _summarise(frame: pl.DataFrame, time_col: str, kind_of: dict[str, str]) -> list[dict]:
    """One row per template: its most used masked text (earliest on ties), uses, first and last use."""
    rows = []
    for (tid,), part in frame.filter(pl.col("template_id").is_not_null()).group_by(
        ["template_id"], maintain_order=True
    ):
        texts = part[time_col].to_list(), part["masked_text"].to_list()
        counts = Counter(texts[1])
        top = max(counts.values())
        representative = next(t for t in texts[1] if counts[t] == top)
        rows.append(
            {
                "template_id": tid,
                "kind": kind_of[str(tid).split("-")[0]],
                "masked_text": representative,
                "n": part.height,
                "first_used": min(texts[0]),
                "last_used": max(texts[0]),
            }
        )
    return rows


KINDS = {"msg": "message", "inv": "invitation_note", "inc": "incoming_invitation_note"}


def _template_table(per_message: pl.DataFrame, notes: pl.DataFrame) -> pl.DataFrame:
    rows = _summarise(per_message, "sent_at", KINDS) + _summarise(notes, "sent_at", KINDS)
    order = {"message": 0, "invitation_note": 1, "incoming_invitation_note": 2}
    return pl.DataFrame(rows, schema=TEMPLATE_SCHEMA).sort(
        [pl.col("kind").replace_strict(order, return_dtype=pl.Int64), pl.col("n"), pl.col("template_id")],
        descending=[False, True, False],
    )


def templates(con: duckdb.DuckDBPyConnection, cutoff: float = CUTOFF) -> pl.DataFrame:
    """The `templates` relation: every message and invitation-note template with its uses."""
    return _template_table(message_templates(con, cutoff), invitation_note_templates(con, cutoff))


_NOTES_SCHEMA: dict[str, pl.DataType] = {
    "invitation_id": pl.Int64(),
    "direction": pl.String(),
    "sent_at": pl.Datetime("us"),
    "has_note": pl.Boolean(),
    "is_default_text": pl.Boolean(),
    "masked_text": pl.String(),
    "template_id": pl.String(),
}


@dataclass(frozen=True)
class TemplatesOutput:
    """What the templates step gives the pipeline: its metrics, and `invitation_note_templates` for the
    invites step (computed here anyway; clustering the notes twice cost ~1 s at max scale)."""

    metrics: list[Metric]
    note_templates: pl.DataFrame


def materialize(con: duckdb.DuckDBPyConnection, thresholds: Thresholds) -> TemplatesOutput:
    """Write `templates` and `message_templates`; return `templated_message_share` and the notes'
    templates."""
    invitations = _invitations(con)  # on this connection: a thread's cursor would not see the ingest's tables
    # The notes' Python work runs while the messages are fetched and clustered in DuckDB, polars, numpy and
    # rapidfuzz (GIL released): ~0.5 s less wall at max scale; the result does not depend on the interleaving.
    with _no_cyclic_gc(), ThreadPoolExecutor(max_workers=1) as pool:
        pending = pool.submit(_note_templates, invitations, CUTOFF)
        memo = TemplateMemo.open(con)
        per_message = _message_templates(con, CUTOFF, memo)
        notes = pending.result()
    write_table(con, "message_templates", per_message.select("message_id", "template_id", "text_kind"))
    write_table(con, "templates", _template_table(per_message, notes))
    start = recency.cutoff(as_of(con), thresholds.recent_months)
    return TemplatesOutput([templated_message_share(per_message, thresholds, start)], notes)
