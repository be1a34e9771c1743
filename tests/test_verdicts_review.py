"""Verdicts a knowledgeable reader would not sign, found by reading the reports of many kinds of members
(a student, a member who only accepts, a recruiter, a 2018 export, no invitations, a burst years ago),
pinned on one small hand-made export through the real `ingest` and `report` commands
(tests/fixtures/exports/verdicts/review_recruiter, 2026 format, export of 1 May 2026):

- 55 outgoing invitations, every one with the same copy-pasted note ("Hi {first}, I'm hiring senior
  engineers at Acme - would love to connect!") to people never messaged: one every morning at 09:00 on
  1-30 March (a routine: 30 sends at a one-day beat), then on 30 March ten at 14:00 and fifteen more at
  uneven minutes up to 14:30. 20 of them accepted (the 1st-4th of every 11), 35 not.
- 20 conversations the member started with connections in January (one a day at 10:00, distinct short
  texts): 4 answered within 20 hours, 10 after 12 days, 6 never.
- A post shared with no text to four of them in one second (20 Feb), and one hiring text to nine of them
  within nine seconds (25 Feb): two sends to several people at once.
- No Comments, Shares, Reactions or Votes files at all (as in a Basic archive).
And a student (tests/fixtures/exports/verdicts/review_student, 1 May 2026): 40 connections, 3 invitations
sent, 6 received, three short exchanges with three connections, one message to a fourth, one unanswered
message from a fifth; no activity files.
Expected texts and statuses are worked out by hand from that description, never read from the code."""

from __future__ import annotations

from typing import Any

import pytest
from test_verdicts import BOTS_ROW, DUPLICATES_ROW, PENDING_ROW, build

LOW_REPLY_ROW = "a low response rate overall"


@pytest.fixture(scope="module")
def recruiter(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    return build("review_recruiter", tmp_path_factory.mktemp("review-recruiter"))


@pytest.fixture(scope="module")
def student(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    return build("review_student", tmp_path_factory.mktemp("review-student"))


def _with(found: list[tuple[str, str]], words: str) -> list[tuple[str, str]]:
    return [f for f in found if words in f[1]]


def test_copy_pasted_invitation_notes_are_one_finding_that_says_what_they_were(
    recruiter: dict[str, Any],
) -> None:
    """55 canned invitations to strangers within one month (the window is 1-30 March: at least one month)
    is high through the copy-pasted note (100% >= 60%); the finding says they were copy-pasted notes, not
    "no note", and leaves out the free member's five notes a month (these invitations all had notes)."""
    canned = _with(recruiter["findings"], "canned")
    assert canned == [
        (
            "high",
            "You sent 55 canned invitations a month on average to people you had never messaged. In all, "
            "100% of your invitations were canned: 100% a copy-pasted note.",
        )
    ]
    assert not _with(recruiter["findings"], "carried a copy-pasted note"), "one behaviour, one finding"
    assert recruiter["checklist"]["pre-written templates instead of personal notes"][1] == "high"


def test_watch_level_bursts_are_quick_not_machine_like(recruiter: dict[str, Any]) -> None:
    """10 in one minute is watch (10/20), 26 in 24 hours watch (20/40); 16 in ten minutes, 32 in a week and
    0.8 a minute (25 sends over 31 minutes) are fine: fast for a person, not a machine."""
    assert _with(recruiter["findings"], "bursts") == [
        (
            "watch",
            "You sent invitations in quick bursts: 10 invitations in one minute, 16 in ten minutes, 25 in an "
            "hour, 26 in 24 hours, 32 in a week; at the fastest 0.8 invitations a minute.",
        )
    ]
    assert not [f for f in recruiter["findings"] if "machine" in f[1]]
    assert recruiter["checklist"][BOTS_ROW][:2] == ("Most invitations in any minute: 10", "watch")


def test_a_daily_routine_is_not_a_machines_steady_beat(recruiter: dict[str, Any]) -> None:
    """One invitation every morning at nine for 30 days (and one message a day at ten for 20 days) keeps a
    steady beat, but a day apart: a person's routine. Only a beat inside a burst (an hour or less) counts."""
    assert recruiter["appendix"]["Longest run at a steady beat"] == "ok"
    assert not _with(recruiter["findings"], "steady beat")
    evidence = recruiter["checklist"][BOTS_ROW][2]
    assert "Longest run at a steady beat: no run at a steady beat of an hour or less" in evidence


def test_the_30_day_reply_rate_carries_the_verdict(recruiter: dict[str, Any]) -> None:
    """14 of 20 answered within 30 days (70%, fine); 4 of 20 within 7 days (20% would be watch by the band):
    slow answers are answers, so the 7-day rate is context and the finding is fine."""
    replies = _with(recruiter["findings"], "got a reply within 30 days")
    assert len(replies) == 1
    status, sentence = replies[0]
    assert status == "ok"
    assert sentence == (
        "70% of the conversations you started got a reply within 30 days (14 of 20 old enough to judge); 20% "
        "within 7 days."
    )
    assert recruiter["appendix"]["Conversations you started that got a reply within 7 days"] == "info"
    assert recruiter["checklist"][LOW_REPLY_ROW][:2] == (
        "Conversations you started that got a reply within 30 days: 70%",
        "ok",
    )


def test_a_send_to_several_people_is_one_message_of_the_templated_share(recruiter: dict[str, Any]) -> None:
    """Sent messages with text: 20 first messages and 9 copies of one hiring text sent within 9 s. Counted
    message by message, 9 of 29 (31%) were a template: watch. The nine are one action: 1 of 21 (5%), fine;
    the send itself reached 9 people (under the band of 10) and is said once, with its date. One
    copy-pasted action is also far under the volume guard (20 in the busiest 30 days): the counts are shown,
    not a share (was "5% ... ok", a verdict on one message)."""
    assert recruiter["appendix"]["Messages that were copy-pasted"] == "not_enough_data"
    assert not _with(recruiter["findings"], "copy-pasted templates")
    assert (
        "Messages that were copy-pasted: 1 of 21 sent messages with text were copy-pasted, at most 1 in any "
        "30 days: too few to call a share (need at least 20 in 30 days)"
    ) in recruiter["checklist"][DUPLICATES_ROW][2]
    assert _with(recruiter["findings"], "several people at once") == [
        (
            "ok",
            "You sent one message to several people at once twice, to as many as 9 people at once "
            "(25 February 2026); each counts as one send in every rate.",
        )
    ]
    assert recruiter["checklist"][DUPLICATES_ROW][1] == "ok"


def test_no_activity_files_say_nothing_about_comments(recruiter: dict[str, Any]) -> None:
    """With no post, comment, reaction or vote in the export, "0 comments in your busiest months" and
    "0.00 posts or comments per invitation" would be guesses."""
    assert not [f for f in recruiter["findings"] if "comment" in f[1]]
    assert recruiter["appendix"]["Comments in your busiest invitation months"] == "not_enough_data"
    assert recruiter["appendix"]["Give vs ask"] == "not_enough_data"


def test_the_follow_advice_names_the_kind_of_canned_invitation(recruiter: dict[str, Any]) -> None:
    """The 20 accepted invitations, never talked to since, carried a copy-pasted note: the advice says so and
    asks for a personal note (they did write a note). 35 not accepted is fine (under 300, and the share
    counts only from 100): no withdraw advice. One template: no "the ones that got the fewest"."""
    assert recruiter["actions"][0] == (
        "Follow instead of connecting: you invited 20 people with a canned invitation (a copy-pasted note) "
        "and have never talked to them since. Next time, follow people you do not know, or write them a "
        "personal note."
    )
    assert not [a for a in recruiter["actions"] if a.startswith("Withdraw")]
    assert recruiter["checklist"][PENDING_ROW][:2] == ("35 of 55 invitations not accepted (64%)", "ok")


def test_quiet_bursts_take_no_place_on_the_opening_screen(recruiter: dict[str, Any]) -> None:
    """The member's messages never came faster than one an hour (one action each): "Your busiest spells of
    messages: 1 message in one hour" is true and says nothing."""
    assert not _with(recruiter["findings"], "busiest spells")
    assert len(recruiter["findings"]) == 7


def test_a_students_opening_screen_says_only_what_is_true(student: dict[str, Any]) -> None:
    """Too little data for any verdict; what is true: 35 of 40 connections never talked to (5 had a message
    either way), and those 5 are weak ties (one day of contact each). "0% of your connections are strong
    ties", "0% dormant", "0 comments in your busiest invitation months" (three invitations, no activity
    files) and "0.00 posts or comments per invitation" say nothing and take no place."""
    assert student["findings"] == [
        (
            "info",
            "88% of your connections are people you have never exchanged a word with (35 of 40 connections).",
        ),
        (
            "info",
            "12% of your connections are weak ties: some contact, little or long ago (5 of 40 connections).",
        ),
    ]
    assert student["appendix"]["Strong ties"] == "info" and student["appendix"]["Dormant ties"] == "info"
    assert student["appendix"]["Comments in your busiest invitation months"] == "not_enough_data"
    # the unanswered message came this year: the Answer list's window (12 months) says so
    assert student["actions"] == [
        "Answer the conversation a real person started that you never replied to (a message in the last 12 "
        "months)."
    ]
    assert "nothing at high or watch" in student["terminal"]


def test_rewrite_advice_names_only_the_templates_with_a_verdict(recruiter: dict[str, Any]) -> None:
    """Two templates are listed: the note on all 55 invitations (copy-pasted notes 100%, high) and the hiring
    text sent once to nine people (one message, under the copy-pasted share's volume guard): the advice
    speaks of the one with a verdict."""
    assert recruiter["appendix"]["Invitations with a copy-pasted note"] == "high"
    assert recruiter["appendix"]["Messages that were copy-pasted"] == "not_enough_data"
    assert [a for a in recruiter["actions"] if a.startswith("Rewrite")] == [
        "Rewrite your template: people can tell a copy-pasted text."
    ]
