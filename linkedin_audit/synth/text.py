"""Words for the synthetic member's world: names, companies, personal messages from a many-slot grammar,
message and invitation-note templates with small edits, LinkedIn's stock invitation text.

Why a grammar: personal texts must be genuinely varied (no three near-identical after masking), or the
template measures would be tested against templates we planted by accident."""

from __future__ import annotations

import random

FIRST_NAMES = (
    "Ada Alan Alice Amara Anders Andrea Anika Arjun Astrid Aurora Barbara Basil Beatrix Benedikt Bianca "
    "Boris Bruno Camille Carlos Cecilia Chiara Chen Clara Colin Dalia Damian Daria Dmitri Edith Elena "
    "Elias Elif Emeka Emil Erik Esther Fabian Farah Felix Fiona Flavia Florian Frida Gabriel Greta "
    "Gustav Hana Hannes Harriet Hector Helga Hugo Ida Ilse Imogen Ines Ingrid Irene Isak Ivan Jana "
    "Jasper Javier Jonas Josefine Julia Kai Karim Katja Kenji Klara Lars Laura Leila Lena Leon Linnea "
    "Lorenzo Lucia Ludwig Luis Magnus Maja Malik Marco Margit Marta Mateo Matilda Mei Milan Mira Nadia "
    "Nils Nina Noor Olaf Olga Omar Oscar Paula Pedro Petra Priya Quentin Rafael Rania Rasmus Rosa Ruben "
    "Ruth Saskia Selma Sergio Signe Simon Sofia Stellan Sven Tamar Teodor Thea Tobias Tomas Ulla Uma "
    "Valentin Vera Viktor Wanda Wilhelm Xenia Yara Yusuf Zara Zeno Agnes Bjorn Cyrus Dora Evert Gideon"
).split()
ACCENTED_FIRST = ("Jörgen", "Zoë", "Søren", "Renée", "Łukasz", "Åsa", "Mónica", "Çağla")
LAST_NAMES = (
    "Abbott Achebe Adler Ahlberg Almeida Amundsen Arnaud Bauer Becker Bergman Blom Borg Brandt Bruns "
    "Cardoso Carlsen Castell Chandra Coelho Dahl Dalton Delgado Diaz Dorsey Eklund Engel Ferreira Fischer "
    "Fonseca Frost Gallo Garber Geller Haas Hallberg Hartmann Hedlund Holm Hoffmann Iqbal Ivanova Jansen "
    "Jovanovic Kaplan Keller Kovacs Krause Lang Larsen Lehmann Lindqvist Lopes Lund Maier Marsh Meyer "
    "Moreau Morton Nakamura Neumann Nielsen Novak Nyberg Okafor Olsen Ortega Osei Parker Pereira Petrov "
    "Quist Ramos Reyes Richter Rossi Sandberg Santos Sato Schmidt Serrano Silva Sokolov Stein Strand "
    "Tanaka Thorne Torres Ulrich Vasquez Vogel Wagner Walsh Weber Wolff Yilmaz Young Zimmer Zeller "
    "Aalto Barros Conti Dumas Eriksen Falk Gruber Horvat Ibsen Juhl Kowalski Lorenz Mendes Navarro "
    "Ostrowski Pinto Rask Sundqvist Toivonen Urbina Varga Wikstrom Xavier Yoon Zapata Alvarez Beckett"
).split()
CREDENTIALS = ("PhD", "MBA", "CFA", "PMP")
MIDDLE = "ABCDEFGHJKLMNPRSTVW"

COMPANIES = (
    "Northwind Analytics",
    "Bluefjord Systems",
    "Copperleaf Health",
    "Example Corp, Inc.",
    "Kestrel Labs",
    "Lumen & Vale",
    "Harborline Logistics",
    "Quillstone Media",
    "Redwood Robotics",
    "Silverbirch Capital",
    "Tidewater Energy",
    "Umbra Security",
    "Vantage Point Consulting",
    "Willowbrook Foods",
    "Zephyr Mobility",
    "Aster Biotech",
    "Brightcove Education",
    "Cinder Games",
    "Driftwood Architecture",
    "Emberline Finance",
    "Fernhill Retail",
    "Granite Peak Insurance",
    "Helix Genomics",
    "Ironclad Manufacturing",
    "Juniper Legal",
    "Kite & Key Design",
    "Lighthouse Nonprofit",
    "Meridian Telecom",
    "Nimbus Cloud",
    "Orchard Agritech",
)
POSITIONS = (
    "Software Engineer",
    "Senior Data Scientist",
    "Product Manager",
    "Head of Sales",
    "Recruiter",
    "UX Designer",
    "Marketing Lead",
    "CTO",
    "Account Executive",
    "Research Scientist",
    "Operations Manager",
    "Founder",
    "Engineering Manager",
    "Talent Partner",
    "Consultant",
    "Financial Analyst",
    "",
    "",
)
SCHOOLS = ("University of Example", "Northfield Institute of Technology", "Lakeside Business School")
SKILLS = (
    "Data Analysis",
    "Python",
    "SQL",
    "Leadership",
    "Machine Learning",
    "Public Speaking",
    "Product Strategy",
    "Statistics",
    "Negotiation",
    "Project Management",
)

STOCK_INVITES = (
    "I'd like to add you to my professional network on LinkedIn.",
    "I'd like to join your LinkedIn network.",
    "I would like to add you to my professional network on LinkedIn",
    "I’d like to add you to my professional network on LinkedIn.",
    "I'd like to add you to my professional network on LinkedIn!",
)

ONE_LINERS = (
    "Thanks!",
    "Sounds good",
    "Thank you!",
    "Great, thanks",
    "See you then",
    "Perfect 👍",
    "Will do",
    "Congrats!",
    "Haha yes",
    "Ok, talk soon",
)

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


# ---- templates: the same text to many people, with name/company substituted and small edits ---------
MESSAGE_TEMPLATES: dict[str, str] = {
    "msg-outreach": "Hi {first}, I came across your profile and was impressed by your work. I am building a "
    "community of people who care about data quality and would love to connect. Would you be open to a "
    "quick call next week?",
    "msg-product": "Hi {first}, hope all is well at {company}! We just launched our new analytics platform "
    "and I thought it might be useful for your team. Happy to share a short demo if you are interested.",
    "msg-followup": "Hi {first}, just following up on my previous message in case it got buried. Let me know "
    "if it makes sense to find a time to talk this month.",
    "msg-roundtable": "Hello {first}, we are hosting a small roundtable for leaders at companies like "
    "{company} next month. Would you like me to save you a seat? It is free and there will be good coffee.",
}
NOTE_TEMPLATES: dict[str, str] = {
    "inv-growth": "Hi {first}, I help teams like {company} grow their pipeline with less effort. "
    "I would love to add you to my network and share ideas.",
    "inv-community": "Hello {first}, I am expanding my network of data professionals and your profile "
    "stood out. Let us connect!",
}
INCOMING_NOTE_TEMPLATES: dict[str, str] = {
    "in-recruiter": "Hi {first}, I am a recruiter with several exciting openings that match your background "
    "at {company}. Open to connecting?",
}
_EDITS = (
    ("quick", "short"),
    ("would love", "would like"),
    ("Hi ", "Hey "),
    ("!", "."),
    ("next week", "soon"),
    ("impressed by", "inspired by"),
    ("useful", "helpful"),
    ("small", "tiny"),
    ("good", "great"),
    ("ideas", "insights"),
    ("Let us", "Let's"),
    ("this month", "soon"),
    ("Happy to", "Glad to"),
)


def fill_template(rng: random.Random, text: str, first: str, company: str) -> str:
    """Substitute the recipient's first name and company, then apply 0-2 small edits (why: real
    copy-paste drifts, so exact hashing is not enough and fuzzy matching is needed)."""
    out = text.format(first=first, company=company)
    for _ in range(rng.randint(0, 2)):
        old, new = rng.choice(_EDITS)
        if old in out:
            out = out.replace(old, new, 1)
    if rng.random() < 0.2:
        out = out.rstrip(".?!") + rng.choice(("", ".", "!", " :)"))
    return out


SPONSORED = (
    '<p class="spinmail-quill-editor__spin-break">Hi %FIRSTNAME%,</p><p>Discover how {company} teams save '
    "10 hours a week with our platform. Book a demo today &amp; get a free trial.</p>"
)
