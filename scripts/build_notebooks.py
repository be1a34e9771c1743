# ruff: noqa: E501  (cell sources are notebook lines, indented here by the string literals)
"""Write notebooks/*.ipynb from the cell lists below (no outputs, stable ids), so they stay thin and clean.

Run: .venv/bin/python scripts/build_notebooks.py   (then review `git diff notebooks/`).
Every code cell only calls the package: chart_data reads aggregates, analyses compute, charts draw,
notebook_helpers renders text safely. Prose says what each chart shows, how to read it, and its caveats."""

from __future__ import annotations

import sys
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

OUT = Path(__file__).resolve().parent.parent / "notebooks"

PARAMS = 'db = None  # a database path; None reads $LINKEDIN_AUDIT_DB (papermill can inject this cell)'
SETUP = """import polars as pl

from linkedin_audit.report import chart_data as cd
from linkedin_audit.report import charts
from linkedin_audit.report import notebook_helpers as nh
from linkedin_audit.config import thresholds_in_use

con = nh.connect(db)  # read-only
thresholds = thresholds_in_use(con)"""

M = "md"
C = "code"

NOTEBOOKS: dict[str, list[tuple[str, str]]] = {}

NOTEBOOKS["00_overview"] = [
    (M, """# Overview: what the audit found

This report measures how you network on LinkedIn from your own data export: how your invitations are
written, how fast and how regularly you send, whether people answer, and how many of your connections you
have ever talked to. Every number is computed on this machine from the export; nothing is sent anywhere."""),
    (M, """## What the data covers

The export is a snapshot: each file covers its own window (Invitations.csv only the last months before
each export, messages and connections your whole history). "Now" for every measure is the date of the
newest export, never today's date."""),
    (C, "nh.table(cd.exports_table(con), caption='Ingested exports')"),
    (C, "nh.table(cd.data_window(con), caption='Records per kind and the dates they span', "
        "labels={'n': 'rows', 'first': 'first date', 'last': 'last date'})"),
    (M, """## Look at these first

The checklist items and headline numbers at *high* or *watch*, worst first. *High* and *watch* follow
the thresholds in `thresholds.toml` (practitioner guidance: LinkedIn publishes no numbers)."""),
    (C, "nh.table_if(cd.attention(con), 'Nothing is at high or watch: no measure crosses a threshold.')"),
    (M, """## The restriction-risk checklist

The patterns LinkedIn names when it restricts accounts, each measured from the export. *Not enough data*
means the export holds too few events for the number to mean anything (for instance fewer than 10
invitations); it is not a clean bill of health."""),
    (C, "checklist = cd.risk(con)\n"
        "nh.table_if(checklist, 'The risk checklist has not been computed: run `linkedin-audit analyse`.')"),
    (C, "nh.chart_if(checklist is not None and checklist.height > 0,\n"
        "            lambda: charts.bar_chart(cd.status_counts(checklist), 'status', 'n',\n"
        "                                     title='Checklist items by status', x_title='items',\n"
        "                                     y_title='status', colours=charts.STATUS_COLOURS,\n"
        "                                     sort=['high', 'watch', 'ok', 'info', 'not_enough_data']),\n"
        "            'No checklist to chart.')"),
    (M, """## Every headline number

All rows of `audit_summary`: the same numbers can be read with SQL (`linkedin-audit sql`) and compared
across exports. The detail column says what each number was computed from."""),
    (C, "summary = cd.summary(con)\n"
        "nh.table_if(None if summary is None else cd.display(summary),\n"
        "            'No headline numbers yet: run `linkedin-audit analyse`.', max_rows=100)"),
]

NOTEBOOKS["01_invitations"] = [
    (M, """# Invitations: notes, templates and acceptance

How your connection invitations are written, and whether people accept them. An outgoing invitation is
*canned* when it carries no note, LinkedIn's stock text, or a template (a note sent near-identically to at
least three people); otherwise it is *personal*.

**Caveat:** Invitations.csv covers only the last months before each export, so everything here describes
that window (several exports widen it). Free members can add a personal note to only about five
invitations a month, so a high *no note* share is not by itself a fault."""),
    (C, PARAMS),
    (C, SETUP),
    (C, "counts = cd.invitation_counts(con)\n"
        "nh.facts([('outgoing invitations', f\"{counts['outgoing']:,}\"),\n"
        "          ('incoming invitations', f\"{counts['incoming']:,}\")])"),
    (C, "nh.table_if(cd.display(cd.metrics(con, ('canned_invite_share', 'canned_invite_to_stranger_share',\n"
        "                              'no_note_invite_share', 'default_text_invite_share',\n"
        "                              'templated_invite_share', 'invite_acceptance_rate', 'pending_invites'))),\n"
        "            'The invitation measures have not been computed.', percent=())"),
    (M, """## Note kinds, by who received them

Each bar is a group of recipients: *stranger* means there was no message either way before the
invitation. A canned invitation to someone you already talk to is harmless; a canned invitation to a
stranger is what recipients (and LinkedIn) object to. Hover a segment for its count."""),
    (C, "kinds = cd.note_kinds_by_recipient(con, 'outgoing')\n"
        "nh.chart_if(kinds.height > 0,\n"
        "            lambda: charts.stacked_bars(kinds, 'recipient', 'note_kind', 'n',\n"
        "                                        title='Outgoing invitations by note kind',\n"
        "                                        x_title='invitations', y_title='recipient',\n"
        "                                        stack_title='note', stack_order=list(cd.NOTE_KIND_LABELS.values())),\n"
        "            'No outgoing invitations in the export window, so there are no notes to classify.')"),
    (M, """## Over time

Outgoing invitations per month, coloured by note kind. Months outside the export window are empty because
the export does not list them, not because nothing was sent."""),
    (C, "monthly = cd.note_kinds_by_month(con, 'outgoing')\n"
        "nh.chart_if(monthly.height > 0,\n"
        "            lambda: charts.stacked_over_time(monthly, 'month', 'note_kind', 'n',\n"
        "                                             title='Outgoing invitations per month', y_title='invitations',\n"
        "                                             series_title='note',\n"
        "                                             series_order=list(cd.NOTE_KIND_LABELS.values())),\n"
        "            'No outgoing invitations to show over time.')"),
    (M, """## Templates in invitation notes

The most used note templates, with names, companies, links, e-mails and numbers masked (`{name}` ...).
A template is three or more near-identical notes to different people."""),
    (C, "note_templates = cd.top_templates(con, 'invitation_note')\n"
        "nh.chart_if(note_templates.height > 0,\n"
        "            lambda: charts.bar_chart(cd.label_templates(note_templates, redact=nh.redact_mode()),\n"
        "                                     'label', 'n', title='Most used invitation-note templates',\n"
        "                                     x_title='invitations', y_title='template'),\n"
        "            'No invitation-note template found: no note was sent near-identically to three people.')"),
    (M, """## Acceptance

An outgoing invitation counts as accepted when the person appears in your connections on or after the day
it was sent. The rest are *pending*: ignored, withdrawn or still open (the export cannot tell them apart).
Invitations sent just before the export have had little time, so the last month always looks worse."""),
    (C, "from linkedin_audit.analyses import acceptance\n\n"
        "outcomes = cd.relation(con, 'invitation_outcomes')\n"
        "minimum = thresholds.min('invitations')\n"
        "enough = outcomes is not None and outcomes.height >= minimum\n"
        "nh.chart_if(enough,\n"
        "            lambda: charts.bar_chart(cd.acceptance_labels(acceptance.acceptance_by_note_kind(outcomes),\n"
        "                                                          'note_kind'),\n"
        "                                     'label', 'acceptance_rate', fmt='.0%',\n"
        "                                     title='Acceptance rate by note kind', x_title='accepted',\n"
        "                                     y_title='note', extra_tooltip=[('invitations', 'invitations')],\n"
        "                                     domain=(0, 1)),\n"
        "            f'Too few outgoing invitations to compare acceptance (need at least {minimum}).')"),
    (C, "nh.chart_if(enough,\n"
        "            lambda: charts.line_over_time(acceptance.acceptance_by_month(outcomes), 'sent_month',\n"
        "                                          'acceptance_rate', fmt='.0%', size='invitations',\n"
        "                                          size_title='invitations', domain=(0, 1),\n"
        "                                          title='Acceptance rate by month sent',\n"
        "                                          y_title='accepted',\n"
        "                                          subtitle=acceptance.coverage(outcomes)),\n"
        "            'Too few outgoing invitations for a monthly acceptance rate.')"),
    (M, """## Invitations you received

The same classification applied to invitations others sent you: who sends you canned invitations."""),
    (C, "incoming = cd.note_kinds_by_recipient(con, 'incoming')\n"
        "nh.chart_if(incoming.height > 0,\n"
        "            lambda: charts.stacked_bars(incoming, 'recipient', 'note_kind', 'n',\n"
        "                                        title='Incoming invitations by note kind',\n"
        "                                        x_title='invitations', y_title='sender',\n"
        "                                        stack_title='note', stack_order=list(cd.NOTE_KIND_LABELS.values())),\n"
        "            'No incoming invitations in the export window.')"),
]

NOTEBOOKS["02_sending"] = [
    (M, """# Sending: volume, bursts and regularity

How much you send and how it is spread over time. LinkedIn restricts accounts that send many invitations
or messages in a short time, and automation shows as clockwork regularity.

**Caveat:** message times are UTC to the second; invitation times have minute resolution and no time
zone (taken as UTC). Each number says which stream it comes from."""),
    (C, PARAMS),
    (C, SETUP),
    (C, "nh.facts([('messages you sent', f'{cd.sent_message_count(con):,}'),\n"
        "          ('invitations you sent', f\"{cd.invitation_counts(con)['outgoing']:,}\")])"),
    (M, """## Volume per month

Messages and invitations you sent, per calendar month. Spikes are worth a look: the next chart says whether any
came close to the thresholds."""),
    (C, "monthly = cd.monthly_volume(con)\n"
        "nh.chart_if(monthly.height > 0,\n"
        "            lambda: charts.stacked_over_time(monthly, 'month', 'stream', 'n', title='Sent per month',\n"
        "                                             y_title='sent', series_title=''),\n"
        "            'Nothing sent in the export: no messages from you and no outgoing invitations.')"),
    (M, """## Busiest windows against the thresholds

The most you sent in any sliding window (not calendar days: any 24 hours, any 7 days). The bar is the
measured maximum, coloured by its level; the grey tick is the *watch* threshold, the black tick the
*high* one. A bar past a tick is the pattern LinkedIn names when it restricts."""),
    (C, "rolling = cd.rolling_vs_thresholds(con, thresholds)\n"
        "nh.chart_if(rolling.height > 0,\n"
        "            lambda: charts.threshold_bars(rolling, 'measure', 'value', 'watch', 'high',\n"
        "                                          title='Most sent in any window', x_title='sent'),\n"
        "            f'Too few sends for rolling maxima (need at least {thresholds.min(\"sends\")} per stream).')"),
    (M, """## When you send

Messages you sent by weekday and hour, in your local time as inferred from when you send on weekdays
(the offset is stated below the chart's title). Work-hours sending is normal; a solid block through the
night or the weekend suggests scheduling or automation."""),
    (C, "offset = cd.owner_utc_offset(con)\n"
        "profile = cd.hour_weekday(con, offset)\n"
        "nh.chart_if(int(profile['n'].sum()) >= thresholds.min('sends'),\n"
        "            lambda: charts.heatmap(profile, x='hour', y='weekday', value='n',\n"
        "                                   title='Messages sent by weekday and hour',\n"
        "                                   subtitle=f'local time = UTC{offset:+d}', x_title='hour',\n"
        "                                   y_title='weekday', value_title='messages', y_sort=cd.WEEKDAYS),\n"
        "            'Too few sent messages for a weekly profile.')"),
    (M, """## Regularity

The coefficient of variation (CV) of the gaps between sends: near 1 is the irregular rhythm of a person,
near 0 is a clock. Burstiness runs from -1 (periodic) through 0 (random) towards 1 (bursts of activity
and long pauses, typical of people)."""),
    (C, "nh.table_if(cd.display(cd.metrics(con, ('invite_interval_cv', 'message_interval_cv', 'message_burstiness',\n"
        "                              'night_send_share', 'max_invites_1h', 'max_invites_24h', 'max_invites_7d',\n"
        "                              'max_messages_1h', 'max_messages_24h'))),\n"
        "            'The sending measures have not been computed.')"),
    (M, """## Largest bursts

Runs of sends with short gaps between them, largest first."""),
    (C, "nh.table_if(cd.largest_bursts(con), 'No bursts were found (or the burst analysis has not run).')"),
    (M, """## Message templates

The most used message templates (masked as for invitation notes). Short one-liners ("Thanks!") never
count as templates."""),
    (C, "message_templates = cd.top_templates(con, 'message')\n"
        "nh.chart_if(message_templates.height > 0,\n"
        "            lambda: charts.bar_chart(cd.label_templates(message_templates, redact=nh.redact_mode()),\n"
        "                                     'label', 'n', title='Most used message templates',\n"
        "                                     x_title='messages', y_title='template'),\n"
        "            'No message template found: no text of six words or more went near-identically to three '\n"
        "            'conversations.')"),
]

NOTEBOOKS["03_replies"] = [
    (M, """# Replies: do people answer you, and do you answer them?

Measured per conversation: a thread you started is *replied* when someone else writes within the window
(7 or 30 days). Threads younger than the window at the export date cannot be judged yet and are left out
of the rates (the time-to-reply curve uses them properly). Sponsored messages, InMail campaigns, spam and
"LinkedIn Member" senders are not your conversations and are left out (counted below)."""),
    (C, PARAMS),
    (C, SETUP),
    (C, "from linkedin_audit.analyses import replies\n"
        "from linkedin_audit.analyses.common import as_of\n\n"
        "convs = cd.relation(con, 'conversations')\n"
        "now = as_of(con)\n"
        "minimum = thresholds.min('conversations')\n"
        "nh.table_if(None if convs is None else cd.conversation_counts(convs),\n"
        "            'No conversations in the export (or the reply analysis has not run).',\n"
        "            caption='Conversations by who started them')"),
    (C, "nh.table_if(cd.display(cd.metrics(con, ('thread_reply_rate_7d', 'thread_reply_rate_30d',\n"
        "                              'median_first_reply_hours', 'stranger_thread_share',\n"
        "                              'my_reply_rate_30d', 'my_median_reply_hours'))),\n"
        "            'The reply measures have not been computed.')"),
    (M, """## Reply rate over time

The share of threads you started in each month that got a reply within 7 days. Hover a point for how
many threads it rests on: a month with a handful of threads swings widely."""),
    (C, "by_month = None if convs is None else replies.reply_rate_by_month(convs, 7)\n"
        "nh.chart_if(by_month is not None and int(by_month['judged'].sum()) >= minimum,\n"
        "            lambda: charts.line_over_time(by_month, 'month', 'reply_rate', fmt='.0%', size='judged',\n"
        "                                          size_title='threads judged', domain=(0, 1),\n"
        "                                          title='Reply rate within 7 days, by month started',\n"
        "                                          y_title='replied'),\n"
        "            f'Fewer than {minimum} threads you started can be judged, too few for a reply rate.')"),
    (M, """## Who answers

The 7-day reply rate split three ways: by whether your first message was a template, by whether the
recipients were connections when you wrote, and 1:1 against group threads."""),
    (C, "splits = None if convs is None else cd.reply_splits(convs, 7)\n"
        "nh.chart_if(splits is not None and splits.height > 0 and int(splits['judged'].sum()) >= minimum,\n"
        "            lambda: charts.bar_chart(splits, 'group', 'reply_rate', fmt='.0%', sort=None,\n"
        "                                     title='Reply rate within 7 days, by kind of thread',\n"
        "                                     x_title='replied', y_title='',\n"
        "                                     extra_tooltip=[('judged', 'threads judged')]),\n"
        "            'Too few judged threads to compare groups.')"),
    (M, """## How fast

How long the first reply took, in buckets, for threads that got one. The next chart is the same question
asked properly: the Kaplan-Meier estimate of the share of threads answered after a given number of days,
which also counts threads still waiting (censored) for as long as they have been followed."""),
    (C, "buckets = None if convs is None else replies.latency_buckets(convs, True)\n"
        "nh.chart_if(buckets is not None and int(buckets['conversations'].sum()) > 0,\n"
        "            lambda: charts.bar_chart(buckets, 'bucket', 'conversations', sort=list(buckets['bucket']),\n"
        "                                     title='Time to the first reply', x_title='threads',\n"
        "                                     y_title='replied within'),\n"
        "            'No thread you started has a reply yet.')"),
    (C, "curves = [] if convs is None or now is None else [\n"
        "    cd.km_for_chart(replies.time_to_first_reply(convs, now, mine)).with_columns(pl.lit(label).alias('who'))\n"
        "    for mine, label in ((True, 'others answering you'), (False, 'you answering others'))]\n"
        "curve = pl.concat(curves) if curves else None\n"
        "nh.chart_if(curve is not None and curve.height > 2,\n"
        "            lambda: charts.step_curve(curve, 'days', 'replied_share', series='who',\n"
        "                                      title='Share of threads answered, by days since the first message',\n"
        "                                      x_title='days', y_title='answered'),\n"
        "            'Too few conversations for a time-to-reply curve.')"),
    (M, """## Your own responsiveness

The reverse direction: threads others started and how you answered. The second curve above (*you
answering others*) shows it over time; the table above gives `my_reply_rate_30d` and your median reply
time."""),
    (C, "mine = None if convs is None else replies.latency_buckets(convs, False)\n"
        "nh.chart_if(mine is not None and int(mine['conversations'].sum()) > 0,\n"
        "            lambda: charts.bar_chart(mine, 'bucket', 'conversations', sort=list(mine['bucket']),\n"
        "                                     title='How fast you answered threads others started',\n"
        "                                     x_title='threads', y_title='answered within'),\n"
        "            'You have not answered any thread someone else started.')"),
]

NOTEBOOKS["04_ties"] = [
    (M, """# Ties: who you actually talk to

Every connection gets a transparent score from the export (contact days, recency, reciprocity, duration,
endorsements and recommendations, a shared employer or school; weights in `analyses/ties.py`) and a
class: **strong** (frequent, two-way, recent), **weak** (some contact, little or long ago), **dormant**
(once active, now silent for much longer than usual) and **never** (no contact of any kind).

Weak is not bad: LinkedIn's own experiment found moderately weak ties the most useful for finding jobs.
*Never* ties are the random, canned connections where following would serve better than connecting.
**Caveat:** only contact visible in the export counts: a friend you meet in person is *never* here."""),
    (C, PARAMS),
    (C, SETUP),
    (C, "from linkedin_audit.analyses import ties as tie_analysis\n\n"
        "ties = cd.relation(con, 'tie_strength')\n"
        "minimum = thresholds.min('connections')\n"
        "enough = ties is not None and ties.height >= minimum\n"
        "nh.table_if(cd.display(cd.metrics(con, ('strong_tie_share', 'weak_tie_share', 'dormant_tie_share',\n"
        "                              'never_interacted_share'))),\n"
        "            'The tie measures have not been computed.')"),
    (M, """## Classes

How many connections fall in each class."""),
    (C, "nh.chart_if(enough,\n"
        "            lambda: charts.bar_chart(cd.tie_class_counts(ties), 'tie_class', 'n',\n"
        "                                     sort=list(cd.TIE_CLASSES), title='Connections by tie class',\n"
        "                                     x_title='connections', y_title='class'),\n"
        "            f'Fewer than {minimum} connections: too few for tie classes to mean much.')"),
    (M, """## Score distribution

Scores from 0 to 100 in bins of 5, coloured by class. A tall bar at 0 is the *never* group; the long
right tail is the people you really talk to."""),
    (C, "nh.chart_if(enough,\n"
        "            lambda: charts.binned_histogram(cd.score_histogram(ties), 'start', 'end', 'n', colour='tie_class',\n"
        "                                            title='Tie scores', x_title='score (0-100)',\n"
        "                                            y_title='connections'),\n"
        "            'Too few connections for a score distribution.')"),
    (M, """## Worth reviving

Dormant ties, strongest first: people you once talked to often and have not for a long time."""),
    (C, "nh.table_if(None if ties is None else cd.tie_list(tie_analysis.dormant_worth_reviving(ties, 15)),\n"
        "            'No dormant ties.', pii=['name'])"),
    (M, """## Connected, never talked to, invited without a note

Never-interacted connections whose invitation (either way) carried no note, the stock text or a template:
candidates to follow instead of keeping as connections. The table lists the most recent first."""),
    (C, "nh.table_if(None if ties is None else cd.tie_list(tie_analysis.canned_never_interacted(ties)),\n"
        "            'No never-interacted connection came with a canned invitation in the export window.',\n"
        "            pii=['name'], max_rows=25)"),
    (M, """## Strongest ties

The highest-scoring ties that are not dormant."""),
    (C, "nh.table_if(None if ties is None else cd.tie_list(tie_analysis.strongest_ties(ties, 15)),\n"
        "            'No ties with any contact.', pii=['name'])"),
]

NOTEBOOKS["05_network"] = [
    (M, """# Network: growth, companies and positions

How your network grew and where your connections work. **Caveat:** company and position are each
connection's *current* ones at export time, as they typed them; connection dates have day resolution;
rows of hidden or closed profiles carry only a date."""),
    (C, PARAMS),
    (C, SETUP),
    (C, "total = cd.connection_count(con)\n"
        "nh.facts([('connections', f'{total:,}'),\n"
        "          ('of them hidden or closed profiles (date only)', f'{cd.hidden_connection_count(con):,}'),\n"
        "          ('distinct companies', f\"{cd.distinct_count(con, 'company'):,}\"),\n"
        "          ('distinct positions', f\"{cd.distinct_count(con, 'position'):,}\")])"),
    (M, """## Growth

The running total of connections by month (area), from the connection dates."""),
    (C, "growth = cd.connections_by_month(con)\n"
        "nh.chart_if(growth.height > 0,\n"
        "            lambda: charts.cumulative_area(growth, 'month', 'total', title='Connections over time',\n"
        "                                           y_title='connections'),\n"
        "            'The export has no dated connections.')"),
    (C, "nh.chart_if(growth.height > 0,\n"
        "            lambda: charts.stacked_over_time(growth, 'month', None, 'new', title='New connections per month',\n"
        "                                             y_title='connections'),\n"
        "            'The export has no dated connections.')"),
    (M, """## Where your connections work

The most common current companies and positions (spelling variants that differ only in case or spaces
are merged; other variants are not)."""),
    (C, "companies = cd.top_values(con, 'company')\n"
        "nh.chart_if(companies.height >= 3,\n"
        "            lambda: charts.bar_chart(companies, 'value', 'n', title='Most common companies',\n"
        "                                     subtitle=f\"the {companies.height} most common of \"\n"
        "                                              f\"{cd.distinct_count(con, 'company'):,}\",\n"
        "                                     x_title='connections', y_title='company'),\n"
        "            'Too few connections list a company to rank them.')"),
    (C, "positions = cd.top_values(con, 'position')\n"
        "nh.chart_if(positions.height >= 3,\n"
        "            lambda: charts.bar_chart(positions, 'value', 'n', title='Most common positions',\n"
        "                                     subtitle=f\"the {positions.height} most common of \"\n"
        "                                              f\"{cd.distinct_count(con, 'position'):,}\",\n"
        "                                     x_title='connections', y_title='position'),\n"
        "            'Too few connections list a position to rank them.')"),
    (M, """## Your own positions

From Positions.csv: used to recognise a shared employer in the tie score."""),
    (C, "nh.table_if(cd.my_positions(con), 'The export has no Positions.csv (or it is empty).')"),
]


def build(name: str, cells: list[tuple[str, str]]) -> nbformat.NotebookNode:
    nb = new_notebook(metadata={
        "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
        "language_info": {"name": "python"},
    })
    params_seen = False
    for i, (kind, source) in enumerate(cells):
        cell = new_markdown_cell(source) if kind == M else new_code_cell(source)
        cell["id"] = f"{name}-{i:02d}"
        if kind == C and source == PARAMS and not params_seen:
            cell["metadata"]["tags"] = ["parameters"]
            params_seen = True
        nb.cells.append(cell)
    if not params_seen:  # the overview also needs the parameters cell, just after its title
        nb.cells.insert(1, new_code_cell(PARAMS, id=f"{name}-params", metadata={"tags": ["parameters"]}))
        nb.cells.insert(2, new_code_cell(SETUP, id=f"{name}-setup"))
    nbformat.validate(nb)
    return nb


def main() -> int:
    OUT.mkdir(exist_ok=True)
    for name, cells in NOTEBOOKS.items():
        nbformat.write(build(name, cells), OUT / f"{name}.ipynb")
        print(f"wrote notebooks/{name}.ipynb ({len(cells)} cells)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
