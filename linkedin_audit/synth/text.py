"""Words for the synthetic member's world: names, companies, positions, skills, message and invitation-note
templates with small edits, LinkedIn's stock invitation text (the personal messages' grammar: grammar.py)."""

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
