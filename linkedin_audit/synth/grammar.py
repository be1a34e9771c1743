"""The personal-message grammar of the synthetic member's world: one-off messages and invitation notes
drawn slot by slot (greeting, sentences, aside, ask, closing).

Why a grammar: personal texts must be genuinely varied (no three near-identical after masking), or the
template measures would be tested against templates we planted by accident."""

from __future__ import annotations

import random

# ---- personal grammar: every slot multiplies the variety -------------------------------------------
_GREET = (
    "Hi {first},",
    "Hey {first}!",
    "Hello {first},",
    "{first}!",
    "Good morning {first},",
    "Hej {first},",
    "Hi there {first},",
    "Dear {first},",
    "Yo {first},",
    "Hi again {first},",
    "",
    "",
    "",
)
_SUBJ = (
    "the draft you sent",
    "your talk last week",
    "the budget question",
    "our lunch plan",
    "the hiring loop",
    "that conference in the autumn",
    "the podcast episode",
    "your new role",
    "the offsite agenda",
    "the migration project",
    "the reading group",
    "your side project",
    "the quarterly review",
    "the open source library",
    "that article about pricing",
    "the workshop",
    "the reference letter",
    "the apartment search",
    "the board meeting",
    "the climbing trip",
    "the dashboard mockups",
    "your team reorg",
    "the customer interviews",
    "the grant proposal",
    "the book you recommended",
    "the meetup venue",
    "your relocation",
    "the mentoring sessions",
    "the hackathon",
    "your thesis defence",
    "the panel discussion",
    "the volunteer day",
    "the team retro",
    "your newsletter",
    "the pricing page",
    "the onboarding guide",
    "the salary survey",
    "the city marathon",
    "your keynote",
    "the bike commute",
)
_VERB = (
    "really made me think about",
    "reminded me of",
    "got me curious about",
    "changed how I see",
    "made me laugh about",
    "kept me up reading about",
    "pushed me to revisit",
    "sparked a debate on",
    "cleared up my doubts about",
    "left me with questions on",
    "helped me rethink",
    "nudged me toward",
    "made me reconsider",
    "got me excited about",
    "opened my eyes to",
    "made me skeptical of",
    "sent me down a rabbit hole on",
    "reminded me to write about",
)
_OBJ = (
    "how we onboard new people",
    "our forecasting approach",
    "remote collaboration",
    "my own career plans",
    "the way we write specs",
    "weekend hiking routes",
    "pricing experiments",
    "coffee brewing methods",
    "the data warehouse",
    "public transport in the city",
    "negotiating contracts",
    "learning Portuguese",
    "mentoring juniors",
    "the release process",
    "vegetarian cooking",
    "old film cameras",
    "sailing lessons",
    "our vendor contracts",
    "accessibility testing",
    "the garden allotment",
    "incident reviews",
    "board games",
    "the new espresso machine",
    "career ladders",
    "open data portals",
    "urban beekeeping",
    "interview rubrics",
    "jazz records",
    "the quarterly roadmap",
    "night trains",
)
_TIME = (
    "yesterday",
    "over the weekend",
    "on the train home",
    "this morning",
    "during the break",
    "late last night",
    "before the standup",
    "at the airport",
    "while cooking dinner",
    "on my run",
    "over lunch",
    "in the queue at the bakery",
    "between two meetings",
    "on the ferry",
    "after yoga",
)
_ASK = (
    "Do you have time for a call on {day}?",
    "Could you send me the slides?",
    "Are you around {day} for a coffee?",
    "Shall we pick this up {day}?",
    "Can I bring a colleague along?",
    "What did your manager think?",
    "Any chance you kept the notes?",
    "Would {day} afternoon work for you?",
    "Did you ever hear back from them?",
    "Should I loop in the others?",
    "Is the offer still open?",
    "How did the interview go?",
    "Want to join us {day}?",
    "Can you share the link again?",
    "",
    "",
    "",
)
_DAY = (
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "next week",
    "after the holidays",
    "tomorrow",
    "later this month",
)
_CLOSE = (
    "Cheers",
    "Best",
    "Talk soon",
    "Thanks again",
    "All the best",
    "Warmly",
    "See you",
    "Take care",
    "Speak soon",
    "Many thanks",
    "",
    "",
    "",
    "",
)
_NOTE_GREET = ("Hi {first},", "Hello {first},", "Hey {first}!", "Dear {first},", "{first},", "")
_NOTE_END = (
    "Would be great to stay in touch.",
    "Let us keep talking.",
    "Glad we met.",
    "Connecting as promised.",
    "Hope to see you again soon.",
    "See you around.",
    "Thanks for the chat.",
    "Until next time.",
    "Keen to hear more.",
    "",
    "",
)
_EXTRA = (
    "I still owe you a coffee.",
    "My kids say hi.",
    "The rain here has not stopped.",
    "We finally shipped it.",
    "I moved desks again.",
    "The cat approves of this plan.",
    "No rush at all.",
    "I am back from leave now.",
    "Congrats on the promotion, by the way.",
    "Loved the photos from the trip.",
    "",
    "",
    "",
    "",
    "",
)


class _Bits:
    """Draw many small choices from one big random number (why: a million messages at max scale; one
    getrandbits call is far cheaper than a dozen rng.choice calls)."""

    __slots__ = ("r",)

    def __init__(self, rng: random.Random) -> None:
        self.r = rng.getrandbits(192)

    def pick(self, options: tuple[str, ...]) -> str:
        self.r, i = divmod(self.r, len(options))
        return options[i]


def _sentence(bits: _Bits) -> str:
    s = f"{bits.pick(_SUBJ)} {bits.pick(_VERB)} {bits.pick(_OBJ)} {bits.pick(_TIME)}."
    return s[0].upper() + s[1:]


def personal_text(rng: random.Random, first: str) -> str:
    """A one-off message: mostly two slot-filled sentences; greeting, aside, ask, closing optional."""
    bits = _Bits(rng)
    parts: list[str] = []
    g = bits.pick(_GREET)
    if g:
        parts.append(g.format(first=first))
    parts.append(_sentence(bits))
    if bits.pick(("1", "2", "2", "2", "2", "2", "2", "2")) == "2":  # one-sentence texts collide most
        parts.append(_sentence(bits))
    extra = bits.pick(_EXTRA)
    if extra:
        parts.append(extra)
    ask = bits.pick(_ASK)
    if ask:
        parts.append(ask.format(day=bits.pick(_DAY)))
    close = bits.pick(_CLOSE)
    if close:
        parts.append(close)
    return " ".join(parts)


def personal_note(rng: random.Random, first: str) -> str:
    """A personal invitation note: specific and one of a kind (two slot-filled sentences, so that no two
    notes are near-identical even among 10,000)."""
    bits = _Bits(rng)
    parts = [bits.pick(_NOTE_GREET).format(first=first), _sentence(bits), _sentence(bits)]
    parts.append(bits.pick(_NOTE_END))
    return " ".join(p for p in parts if p)
