#!/usr/bin/env python3
"""Write a deterministic synthetic project (site.yml + content/) of N items, for benchmarks and tests.

An "item" is an event, a journal issue or a practice-week visit. N items are split
roughly 70% events, 10% journal issues and 20% visits:

- events come in series of 3-6 (one folder and _series.md each), plus ~10% on their
  own, of which one in ten (1% of the events, none below 100 events) repeats every week,
  two weeks or month, with a date left out and another cancelled; a mix of past and upcoming dates around a fixed "now" (FIXED_NOW), online,
  in person and hybrid (with venues), some cancelled or postponed; chairs and
  speakers from a registry of ~N/10 people in content/people/, some written inline;
  tags from a fixed vocabulary of 40; ~30% of past events have a real PDF of slides;
- journals of 5-20 issues, each with a real PDF and 3-8 articles with authors;
- practice weeks of 5-8 visits, with quotes.

Bodies are 150-600 words of plausible prose assembled from word lists. Everything
comes from one random.Random(seed), so the same N and seed give a byte-identical
tree. PDFs are made with pypdf, with a line of text per slide so that they have a
text layer, as PDFs exported from slides do.

Usage (from the repository root):

    .venv/bin/python scripts/make_corpus.py 3000 /tmp/corpus-3000 [--seed 1] [--force]
    .venv/bin/python -m generator --root /tmp/corpus-3000 check --now 2026-11-23T12:00+00:00

Nothing is ever written into the repository's own content/.
"""

from __future__ import annotations

import argparse
import io
import json
import random
import re
import shutil
import sys
import unicodedata
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SITE_YML = REPO / "site.yml"

# The corpus's "now": dates are spread around it. Same as the tests' fixed now.
FIXED_NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
FIXED_NOW_ISO = "2026-11-23T12:00+00:00"
DEFAULT_SEED = 1


def group_sizes(r: random.Random, count: int, low: int, high: int) -> list[int]:
    """Split `count` items into groups of low..high; a short remainder joins the last group."""
    sizes: list[int] = []
    while count - sum(sizes) >= low:
        sizes.append(min(r.randint(low, high), count - sum(sizes)))
    if count - sum(sizes):
        if sizes:
            sizes[-1] += count - sum(sizes)
        else:
            sizes.append(count)
    return sizes


# --- word lists --------------------------------------------------------------

TAGS = [
    "care proceedings",
    "multi-agency working",
    "practice standards",
    "leadership",
    "private law",
    "domestic abuse",
    "reunification",
    "kinship care",
    "early help",
    "pre-proceedings",
    "children's social care",
    "family group conferences",
    "voice of the child",
    "adolescents",
    "neglect",
    "parental mental health",
    "substance misuse",
    "fostering",
    "adoption",
    "special guardianship",
    "residential care",
    "leaving care",
    "education",
    "health",
    "youth justice",
    "data and evidence",
    "workforce",
    "supervision",
    "court skills",
    "lived experience",
    "Welsh practice",
    "racial disparity",
    "disabled children",
    "contextual safeguarding",
    "exploitation",
    "mediation",
    "problem-solving courts",
    "practice week",
    "sustaining change",
    "governance",
]

FIRST = [
    "Aisha",
    "Alex",
    "Amira",
    "Andrew",
    "Anna",
    "Ben",
    "Bethan",
    "Carys",
    "Catherine",
    "Chloe",
    "Chris",
    "Daniel",
    "David",
    "Deborah",
    "Dylan",
    "Elin",
    "Emma",
    "Fatima",
    "Gareth",
    "Grace",
    "Hannah",
    "Harriet",
    "Helen",
    "Ian",
    "Imran",
    "Jack",
    "James",
    "Jasmine",
    "Joanne",
    "John",
    "Jude",
    "Karen",
    "Kate",
    "Kwame",
    "Laura",
    "Leah",
    "Lisa",
    "Mark",
    "Martha",
    "Mohammed",
    "Nadia",
    "Naomi",
    "Niamh",
    "Oliver",
    "Owain",
    "Priya",
    "Rachel",
    "Rhys",
    "Ruth",
    "Sam",
    "Sarah",
    "Sian",
    "Simon",
    "Sophie",
    "Tariq",
    "Tom",
    "Usha",
    "Victoria",
    "Wei",
    "Zoe",
]
SURNAMES = [
    "Adams",
    "Ahmed",
    "Ali",
    "Anderson",
    "Baker",
    "Bennett",
    "Bowen",
    "Brown",
    "Campbell",
    "Chen",
    "Clarke",
    "Collins",
    "Cooper",
    "Davies",
    "Dixon",
    "Edwards",
    "Evans",
    "Fisher",
    "Fletcher",
    "Foster",
    "Gill",
    "Graham",
    "Green",
    "Griffiths",
    "Hall",
    "Harris",
    "Hughes",
    "Hussain",
    "Jackson",
    "James",
    "Jenkins",
    "Johnson",
    "Jones",
    "Kaur",
    "Kelly",
    "Khan",
    "King",
    "Lee",
    "Lewis",
    "Lloyd",
    "Martin",
    "Mason",
    "Mitchell",
    "Moore",
    "Morgan",
    "Morris",
    "Murphy",
    "Nowak",
    "O'Brien",
    "Okafor",
    "Owen",
    "Parry",
    "Patel",
    "Phillips",
    "Powell",
    "Price",
    "Rahman",
    "Reid",
    "Roberts",
    "Robinson",
    "Rogers",
    "Scott",
    "Shah",
    "Singh",
    "Smith",
    "Stewart",
    "Taylor",
    "Thomas",
    "Thompson",
    "Turner",
    "Walker",
    "Ward",
    "Watkins",
    "Watson",
    "White",
    "Williams",
    "Wilson",
    "Wood",
    "Wright",
    "Young",
]
ROLES = [
    "Director of Children's Services",
    "Assistant Director, Children's Social Care",
    "Head of Service",
    "Principal Social Worker",
    "Team Manager",
    "Senior Practitioner",
    "Social Worker",
    "Family Court Adviser",
    "Service Manager",
    "Designated Family Judge",
    "District Judge",
    "Magistrate",
    "Legal Adviser",
    "Solicitor",
    "Barrister",
    "Children's Guardian",
    "Independent Reviewing Officer",
    "Research Fellow",
    "Policy Adviser",
    "Programme Lead",
    "Family Group Conference Coordinator",
    "Parent Advocate",
    "Health Visitor",
    "Designated Nurse",
    "Virtual School Head",
]
# town, nation
TOWNS = [
    ("Birmingham", "England"),
    ("Bristol", "England"),
    ("Leeds", "England"),
    ("Manchester", "England"),
    ("Liverpool", "England"),
    ("Newcastle", "England"),
    ("Sheffield", "England"),
    ("Nottingham", "England"),
    ("Leicester", "England"),
    ("Coventry", "England"),
    ("Durham", "England"),
    ("York", "England"),
    ("Norwich", "England"),
    ("Plymouth", "England"),
    ("Exeter", "England"),
    ("Southampton", "England"),
    ("Brighton", "England"),
    ("Reading", "England"),
    ("Oxford", "England"),
    ("Cambridge", "England"),
    ("Lincoln", "England"),
    ("Hull", "England"),
    ("Derby", "England"),
    ("Stoke-on-Trent", "England"),
    ("Wolverhampton", "England"),
    ("Bradford", "England"),
    ("Rochdale", "England"),
    ("Carlisle", "England"),
    ("Cardiff", "Wales"),
    ("Newport", "Wales"),
    ("Swansea", "Wales"),
    ("Wrexham", "Wales"),
    ("Bangor", "Wales"),
    ("Aberystwyth", "Wales"),
    ("Merthyr Tydfil", "Wales"),
    ("Caernarfon", "Wales"),
    ("Glasgow", "Scotland"),
    ("Edinburgh", "Scotland"),
    ("Dundee", "Scotland"),
    ("Aberdeen", "Scotland"),
    ("Belfast", "Northern Ireland"),
    ("Derry", "Northern Ireland"),
    ("Newry", "Northern Ireland"),
]
NATIONAL_ORGS = [
    "Cafcass",
    "Cafcass Cymru",
    "Ministry of Justice",
    "Department for Education",
    "Welsh Government",
    "Nuffield Family Justice Observatory",
    "Family Rights Group",
    "Research in Practice",
    "Social Work England",
    "Ofsted",
    "HM Courts and Tribunals Service",
    "Family Justice Council",
]
ORG_PATTERNS = [
    "{t} City Council",
    "{t} Family Court",
    "University of {t}",
    "{t} Family Hub",
    "{t} Children's Services",
    "{t} Local Family Justice Board",
    "{t} Women's Aid",
    "{t} Youth Service",
    "{t} Foster Care Association",
]
VENUE_PATTERNS = [
    ("{t} Council House", "1 Civic Square, {t}"),
    ("{t} Conference Centre", "20 Station Road, {t}"),
    ("{t} Central Library, Room 2", "Library Street, {t}"),
    ("{t} Family Court, Training Suite", "Court Way, {t}"),
    ("The Guildhall", "High Street, {t}"),
    ("University of {t}, Lecture Theatre 1", "Campus Road, {t}"),
]

GERUNDS = [
    "Understanding",
    "Improving",
    "Rethinking",
    "Strengthening",
    "Learning from",
    "Making sense of",
    "Reducing delay in",
    "Building confidence in",
    "Leading change in",
    "Measuring what matters in",
    "Listening to families about",
    "Getting it right in",
    "Sharing practice on",
    "Putting evidence into",
]
TOPICS = [
    "pre-proceedings work",
    "family group conferences",
    "kinship care",
    "reunification",
    "private law pathways",
    "early help",
    "domestic abuse support",
    "care planning",
    "court skills",
    "voluntary accommodation",
    "supervision orders",
    "special guardianship",
    "advocacy for parents",
    "adolescent risk",
    "parental mental health",
    "neglect",
    "the Public Law Outline",
    "residential care",
    "fostering recruitment",
    "leaving care",
    "contact after care",
    "child exploitation",
    "assessments of parenting",
    "parent and baby placements",
    "recurrent care proceedings",
    "sibling relationships",
    "life story work",
    "transitions to adulthood",
    "school attendance",
    "health assessments",
]
SUBTITLES = [
    "a session for managers",
    "what the evidence says",
    "lessons from local areas",
    "a practice workshop",
    "a conversation with families",
    "views from the bench",
    "the first year",
    "questions and answers",
    "a panel discussion",
    "learning from Wales",
]
SERIES_PATTERNS = [
    "Learning series: {topic}",
    "{Topic} in practice",
    "Spotlight on {topic}",
    "Practice conversations: {topic}",
    "The {topic} programme",
]
JOURNAL_PATTERNS = ["{Topic} Journal", "Practice Review: {topic}", "The {topic} bulletin", "Learning from {topic}"]
REGIONS = [
    "North East",
    "North West",
    "Yorkshire",
    "East Midlands",
    "West Midlands",
    "East of England",
    "London",
    "South East",
    "South West",
    "North Wales",
    "South Wales",
    "Mid Wales",
    "Scotland",
    "Northern Ireland",
    "Cumbria",
    "Thames Valley",
    "Humber",
    "Black Country",
    "Solent",
    "Peninsula",
]

SUBJECTS = [
    "Practitioners",
    "Social workers",
    "Family court advisers",
    "Local authorities",
    "Judges and magistrates",
    "Managers",
    "Health visitors",
    "Partners across the system",
    "Parents",
    "Young people",
    "Independent reviewing officers",
    "Legal advisers",
    "Team leaders",
    "School staff",
    "Foster carers",
    "Children's guardians",
    "Commissioners",
    "Kinship carers",
    "Researchers",
    "Advocates",
]
VERBS = [
    "described how they",
    "talked about how they",
    "explained why they",
    "shared how they",
    "reflected on how they",
    "asked how they could",
    "showed how they",
    "agreed that they should",
    "set out how they",
    "told us how they",
]
ACTIONS = [
    "share information earlier",
    "plan for permanence from the start",
    "hear the voice of the child",
    "reduce delay before the first hearing",
    "work with families before proceedings",
    "support parents with lived experience",
    "build trust between agencies",
    "use data to understand demand",
    "keep children safely at home",
    "prepare for the final hearing",
    "write clearer assessments",
    "make time for reflective supervision",
    "bring wider family in early",
    "hold each other to account",
    "learn from cases that went well",
    "explain decisions in plain language",
    "check in with children after court",
    "join up health and social care",
    "recognise the effects of poverty",
    "challenge assumptions about risk",
    "keep siblings together where they can",
    "support young people leaving care",
    "agree a shared timetable",
]
QUALIFIERS = [
    "in every case",
    "when resources are tight",
    "across local authority boundaries",
    "from the first contact",
    "without adding to caseloads",
    "while keeping the child at the centre",
    "in both public and private law",
    "even when the court timetable is short",
    "with families rather than for them",
    "at every level of the organisation",
    "in the first twelve weeks",
    "when a case moves between teams",
    "in rural and urban areas alike",
]
FINDINGS = [
    "children are seen sooner",
    "fewer cases need a contested hearing",
    "parents feel listened to",
    "assessments are shorter and clearer",
    "more children stay with their wider family",
    "staff turnover has fallen",
    "hearings start on time more often",
    "the number of adjournments is falling",
    "families understand what is expected of them",
    "agencies agree on the facts earlier",
    "young people are more involved in plans about them",
    "referrals to support services have risen",
]
OPENERS = [
    "In this session,",
    "Over the past year,",
    "During the discussion,",
    "Across the areas we visited,",
    "In the first part,",
    "Since the programme began,",
    "At the workshop,",
    "Throughout the day,",
]
HEADINGS = [
    "What we heard",
    "What is working",
    "What gets in the way",
    "Questions for partners",
    "Next steps",
    "Background",
    "Who it is for",
    "Key messages",
    "Resources",
    "What families told us",
]
QUOTE_STARTS = [
    "It was inspiring to see",
    "The biggest change has been",
    "We have learned that",
    "What made the difference was",
    "I was struck by",
    "Families told us that",
    "Nobody here takes for granted",
]


def slugify(text: str) -> str:
    """The generator's slug rule (generator.identity.slugify), repeated so this script stands alone."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "item"


_PLAIN = re.compile(r"[A-Za-z][A-Za-z0-9 ,.'()/-]*")


def q(text: str) -> str:
    """A YAML scalar: plain when safe, else double-quoted (a JSON string is valid YAML)."""
    if _PLAIN.fullmatch(text) and not text.endswith(" ") and text.lower() not in ("true", "false", "null", "yes", "no"):
        return text
    return json.dumps(text, ensure_ascii=False)


def cap(text: str) -> str:
    return text[:1].upper() + text[1:]


# --- the corpus --------------------------------------------------------------


@dataclass
class CorpusInfo:
    root: Path
    n: int
    seed: int
    events: list[str] = field(default_factory=list)  # content-relative paths
    series: int = 0
    standalone: int = 0
    repeating: int = 0  # events on their own that repeat
    issues: int = 0
    journals: int = 0
    visits: int = 0
    weeks: int = 0
    people: int = 0
    pdfs: int = 0

    @property
    def items(self) -> int:
        return len(self.events) + self.issues + self.visits

    def summary(self) -> str:
        return (
            f"{self.items} items: {len(self.events)} events ({self.series} series, {self.standalone} on their own, "
            f"{self.repeating} of them repeating), "
            f"{self.issues} issues in {self.journals} journals, {self.visits} visits in {self.weeks} weeks; "
            f"{self.people} people, {self.pdfs} PDFs"
        )


class _Maker:
    def __init__(self, n: int, root: Path, seed: int):
        self.n = n
        self.root = root
        self.content = root / "content"
        self.rng = random.Random(seed)
        self.info = CorpusInfo(root, n, seed)
        self.people: list[tuple[str, str]] = []  # (id, name), most active first
        self.used_inline: set[str] = set()

    # -- helpers --
    def write(self, rel: str, text: str) -> None:
        path = self.content / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text.encode("utf-8"))

    def pdf(self, rel: str, pages: int, title: str) -> None:
        """A real PDF with a text layer: a heading and a few sentences on each page,
        as exported slides have, so search and the "text of the slides" have words."""
        from pypdf import PdfWriter
        from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject

        writer = PdfWriter()
        font = writer._add_object(
            DictionaryObject(
                {
                    NameObject("/Type"): NameObject("/Font"),
                    NameObject("/Subtype"): NameObject("/Type1"),
                    NameObject("/BaseFont"): NameObject("/Helvetica"),
                    NameObject("/Encoding"): NameObject("/WinAnsiEncoding"),
                }
            )
        )
        for n in range(1, pages + 1):
            page = writer.add_blank_page(width=842, height=595)  # A4 landscape, like slides
            page[NameObject("/Resources")] = DictionaryObject(
                {NameObject("/Font"): DictionaryObject({NameObject("/F1"): font})}
            )
            lines = [f"{title} - slide {n}"] + [self.sentence()[:110] for _ in range(3)]
            ops = ["BT", "/F1 16 Tf", "50 540 Td", "22 TL"]
            for line in lines:
                text = (
                    line.encode("latin-1", "replace")
                    .replace(b"\\", b"\\\\")
                    .replace(b"(", b"\\(")
                    .replace(b")", b"\\)")
                )
                ops.append("(" + text.decode("latin-1") + ") Tj T*")
            ops.append("ET")
            stream = DecodedStreamObject()
            stream.set_data("\n".join(ops).encode("latin-1"))
            page[NameObject("/Contents")] = writer._add_object(stream)
        buf = io.BytesIO()
        writer.write(buf)
        path = self.content / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(buf.getvalue())
        self.info.pdfs += 1

    def sentence(self) -> str:
        r = self.rng
        kind = r.randrange(6)
        if kind == 0:
            return f"{r.choice(SUBJECTS)} {r.choice(VERBS)} {r.choice(ACTIONS)} {r.choice(QUALIFIERS)}."
        if kind == 1:
            return f"{r.choice(OPENERS)} {r.choice(SUBJECTS).lower()} {r.choice(VERBS)} {r.choice(ACTIONS)}."
        if kind == 2:
            first, second = r.sample(FINDINGS, 2)
            return f"We heard that {first}, and that {second} {r.choice(QUALIFIERS)}."
        if kind == 3:
            first, second = r.sample(ACTIONS, 2)
            return f"The evidence on {r.choice(TOPICS)} suggests that it helps to {first}, but only if partners also {second}."
        if kind == 4:
            return f"One {r.choice(ROLES).lower()} said the biggest change was that {r.choice(FINDINGS)}."
        return f"{cap(r.choice(TOPICS))} matters because {r.choice(FINDINGS)} when teams {r.choice(ACTIONS)}."

    def prose(self, low: int = 150, high: int = 600) -> str:
        r = self.rng
        target = r.randint(low, high)
        paragraphs, words = [], 0
        while words < target:
            if paragraphs and r.random() < 0.25:
                paragraphs.append(f"## {r.choice(HEADINGS)}")
            if paragraphs and r.random() < 0.15:
                bullets = [f"- how to {r.choice(ACTIONS)}" for _ in range(r.randint(3, 5))]
                paragraphs.append("\n".join(bullets))
                words += 5 * len(bullets)
            sentences = [self.sentence() for _ in range(r.randint(3, 6))]
            paragraphs.append(" ".join(sentences))
            words += sum(len(s.split()) for s in sentences)
        return "\n\n".join(paragraphs) + "\n"

    def short(self) -> str:
        r = self.rng
        return f"{cap(r.choice(SUBJECTS).lower())} {r.choice(VERBS)} {r.choice(ACTIONS)} {r.choice(QUALIFIERS)}."

    def org(self) -> str:
        r = self.rng
        if r.random() < 0.3:
            return r.choice(NATIONAL_ORGS)
        return r.choice(ORG_PATTERNS).format(t=r.choice(TOWNS)[0])

    def person_id(self, taken: set[str] | None = None) -> str:
        # Skewed: a few people appear often, most now and then. Not one already in `taken`.
        for _ in range(20):
            pid = self.people[int(len(self.people) * self.rng.random() ** 2)][0]
            if not taken or pid not in taken:
                break
        if taken is not None:
            taken.add(pid)
        return pid

    def inline_name(self) -> str:
        r = self.rng
        return f"{r.choice(FIRST)} {chr(65 + r.randrange(26))}. {r.choice(SURNAMES)}"

    def person_ref(
        self, indent: str, taken: set[str], inline_share: float = 0.15, override_share: float = 0.1
    ) -> list[str]:
        """Lines of one YAML list item (a person, not one in `taken`), indented by `indent`."""
        r = self.rng
        roll = r.random()
        if roll < inline_share:
            lines = [f"{indent}- name: {q(self.inline_name())}"]
            if r.random() < 0.7:
                lines.append(f"{indent}  role: {q(r.choice(ROLES))}")
            lines.append(f"{indent}  organisation: {q(self.org())}")
            return lines
        pid = self.person_id(taken)
        if roll < inline_share + override_share:
            return [
                f"{indent}- id: {pid}",
                f"{indent}  role: {q(r.choice(ROLES))}",
                f"{indent}  organisation: {q(self.org())}",
            ]
        return [f"{indent}- {pid}"]

    def tags(self, extra: str | None = None) -> list[str]:
        r = self.rng
        k = r.choice((1, 2, 2, 3, 3, 4))
        chosen: list[str] = [extra] if extra else []
        for _ in range(k):
            t = TAGS[int(len(TAGS) * r.random() ** 1.5)]
            if t not in chosen:
                chosen.append(t)
        return ["tags:"] + [f"  - {q(t)}" for t in chosen]

    @staticmethod
    def unique(slug: str, taken: set[str]) -> str:
        out, k = slug, 2
        while out in taken:
            out = f"{slug}-{k}"
            k += 1
        taken.add(out)
        return out

    # -- content types --
    def make_people(self) -> None:
        r = self.rng
        count = max(10, self.n // 10)
        names = [f"{f} {s}" for f in FIRST for s in SURNAMES]
        chosen = r.sample(names, min(count, len(names)))
        while len(chosen) < count:  # more people than name pairs: add middle initials
            chosen.append(self.inline_name())
        taken: set[str] = set()
        for name in chosen:
            pid = self.unique(slugify(name), taken)
            self.people.append((pid, name))
            lines = ["---", f"name: {q(name)}"]
            if r.random() < 0.85:
                lines.append(f"role: {q(r.choice(ROLES))}")
            if r.random() < 0.85:
                lines.append(f"organisation: {q(self.org())}")
            if r.random() < 0.2:
                lines += ["links:", "  - title: Profile", f"    url: https://example.org/people/{pid}"]
            lines.append("---")
            first = name.split()[0]
            bio = f"{first} works with children and families. " + " ".join(
                self.sentence() for _ in range(r.randint(1, 4))
            )
            self.write(f"people/{pid}.md", "\n".join(lines) + "\n" + bio + "\n")
        self.info.people = count

    def event_title(self) -> str:
        r = self.rng
        title = f"{r.choice(GERUNDS)} {r.choice(TOPICS)}"
        if r.random() < 0.4:
            title += f": {r.choice(SUBTITLES)}"
        return title

    def event_file(
        self,
        rel: str,
        slug: str,
        title: str,
        start: datetime | date,
        end: datetime | date | None,
        standalone: bool,
        extra: tuple[str, ...] = (),
    ) -> None:
        r = self.rng
        lines = ["---", f"title: {q(title)}"]
        if isinstance(start, datetime):
            lines.append(f"start: {start:%Y-%m-%d %H:%M}")
            if end is not None:
                lines.append(f"end: {end:%Y-%m-%d %H:%M}")
        else:
            lines.append(f"start: {start.isoformat()}")
            if end is not None:
                lines.append(f"end: {end.isoformat()}")
        if r.random() < 0.03:
            lines.append(f"timezone: {r.choice(['Europe/Dublin', 'Europe/Brussels'])}")
        fmt = r.choices(["online", "in-person", "hybrid"], weights=[55, 25, 20])[0]
        lines.append(f"format: {fmt}")
        if fmt != "online":
            name, address = r.choice(VENUE_PATTERNS)
            town = r.choice(TOWNS)[0]
            lines += ["venue:", f"  name: {q(name.format(t=town))}", f"  address: {q(address.format(t=town))}"]
        day = start if not isinstance(start, datetime) else start.date()
        past = day < FIXED_NOW.date()
        status = r.choices(["scheduled", "cancelled", "postponed"], weights=[93, 4, 3])[0]
        if not past and r.random() < 0.8:
            lines.append(f"registration: https://example.org/events/{slug}/book")
        if past and status == "scheduled":
            if r.random() < 0.7:
                lines.append(f"recording: https://video.example.org/{slug}")
            if r.random() < 0.3:
                pdf = f"{slug}.pdf"
                self.pdf(str(Path(rel).parent / pdf), r.randint(3, 24), title)
                lines += ["slides:", f"  - file: {pdf}", f"    title: {q('Slides: ' + title)}"]
            elif r.random() < 0.05:
                lines += ["slides:", f"  - url: https://slides.example.org/{slug}", "    title: Slides"]
        taken: set[str] = set()
        if r.random() < 0.7:
            lines.append(f"chair: {self.person_id(taken)}")
        if r.random() < 0.9:
            lines.append("speakers:")
            for _ in range(r.choice((1, 2, 2, 3, 3, 4, 5))):
                lines += self.person_ref("  ", taken)
        lines += self.tags("conference" if standalone and not isinstance(start, datetime) else None)
        if status != "scheduled":
            lines.append(f"status: {status}")
        if r.random() < 0.6:
            lines.append("contact: learning@example.org")
        lines.append(f"summary: {q(self.short())}")
        lines += extra
        lines.append("---")
        self.write(rel, "\n".join(lines) + "\n" + self.prose())
        self.info.events.append(rel)

    def repeating_event(self, taken: set[str], first: date, last: date) -> None:
        """An event on its own that repeats, with one date left out and, for a longer run,
        one called off."""
        r = self.rng
        etitle = f"{r.choice(['Drop-in', 'Practice clinic', 'Reflective group'])}: {r.choice(TOPICS)}"
        slug = self.unique(slugify(etitle), taken)
        start, end = self.slot(self.random_day(first, last))
        every = r.choice(["week", "week", "2 weeks", "month"])
        times = r.randint(6, 20)
        extra = ["repeat:", f"  every: {every}", f"  count: {times}"]
        if every != "month":  # a monthly rule's dates are not a fixed step apart
            step = timedelta(weeks=1 if every == "week" else 2)
            skipped, called_off = r.sample(range(1, times), 2)
            extra.append(f"  except: [{(start + step * skipped).date().isoformat()}]")
            extra.append(f"cancelled: [{(start + step * called_off).date().isoformat()}]")
        self.event_file(f"events/{slug}.md", slug, etitle, start, end, True, tuple(extra))
        self.info.repeating += 1

    def random_day(self, first: date, last: date) -> date:
        d = first + timedelta(days=self.rng.randrange((last - first).days + 1))
        return d + timedelta(days=(1 - d.weekday()) % 7)  # move to a Tuesday

    def slot(self, day: date) -> tuple[datetime, datetime]:
        r = self.rng
        hh, mm = r.choice([(9, 30), (10, 0), (12, 30), (14, 0), (15, 0), (16, 0)])
        start = datetime.combine(day, time(hh, mm))
        return start, start + timedelta(minutes=r.choice((60, 90, 90, 120)))

    def make_events(self, count: int) -> None:
        r = self.rng
        standalone = max(1, round(count * 0.1)) if count > 3 else count
        repeating = count // 100
        in_series = count - standalone
        sizes: list[int] = []
        while in_series - sum(sizes) >= 3:
            sizes.append(min(r.randint(3, 6), in_series - sum(sizes)))
        standalone += in_series - sum(sizes)  # 0-2 left over go on their own
        first, last = date(2019, 1, 1), date(2028, 6, 30)
        series_slugs: set[str] = set()
        for size in sizes:
            topic = r.choice(TOPICS)
            title = r.choice(SERIES_PATTERNS).format(topic=topic, Topic=cap(topic))
            day = self.random_day(first, last)
            title = f"{title} ({day.year})"
            sslug = self.unique(slugify(title), series_slugs)
            summary = f"{size} learning events about {topic}, for everyone who works with children and families."
            self.write(
                f"events/{sslug}/_series.md",
                f"---\ntitle: {q(title)}\nsummary: {q(summary)}\n---\n{self.prose(80, 250)}",
            )
            taken: set[str] = set()
            for _ in range(size):
                etitle = self.event_title()
                slug = self.unique(slugify(etitle), taken)
                start, end = self.slot(day)
                self.event_file(f"events/{sslug}/{slug}.md", slug, etitle, start, end, False)
                day = day + timedelta(weeks=r.randint(2, 6))
        self.info.series = len(sizes)
        top: set[str] = set(series_slugs)
        for _ in range(standalone - repeating):
            if r.random() < 0.25:
                etitle = f"{r.choice(['Annual', 'Regional', 'National'])} family justice conference"
                day = self.random_day(first, last)
                etitle = f"{etitle} {day.year}"
                slug = self.unique(slugify(etitle), top)
                end_day = day + timedelta(days=r.choice((0, 1, 1)))
                self.event_file(f"events/{slug}.md", slug, etitle, day, end_day if end_day != day else None, True)
            else:
                etitle = self.event_title()
                slug = self.unique(slugify(etitle), top)
                start, end = self.slot(self.random_day(first, last))
                self.event_file(f"events/{slug}.md", slug, etitle, start, end, True)
        for _ in range(repeating):
            self.repeating_event(top, first, last)
        self.info.standalone = standalone

    def make_journals(self, count: int) -> None:
        r = self.rng
        sizes = group_sizes(r, count, 5, 20)
        slugs: set[str] = set()
        for size in sizes:
            topic = r.choice(TOPICS)
            title = r.choice(JOURNAL_PATTERNS).format(topic=topic, Topic=cap(topic))
            jslug = self.unique(slugify(title), slugs)
            if jslug != slugify(title):
                title = f"{title} ({jslug.rsplit('-', 1)[1]})"  # two journals must not share a name
            self.write(
                f"journal/{jslug}/_journal.md",
                f"---\ntitle: {q(title)}\nsummary: {q('A learning journal about ' + topic + '.')}\n---\n"
                f"{self.prose(80, 250)}",
            )
            spacing = r.randint(90, 150)
            published = FIXED_NOW.date() - timedelta(days=spacing * size + r.randrange(400))
            for k in range(1, size + 1):
                published += timedelta(days=spacing + r.randrange(-10, 11))
                lines = [
                    "---",
                    f"title: {q(cap(r.choice(TOPICS)) + ': ' + r.choice(SUBTITLES))}",
                    f"issue: {k}",
                    f"published: {published.isoformat()}",
                    "pdf:",
                    f"  file: issue-{k}.pdf",
                    "articles:",
                ]
                self.pdf(f"journal/{jslug}/issue-{k}.pdf", r.randint(8, 40), f"{title}, issue {k}")
                for _ in range(r.randint(3, 8)):
                    lines.append(f"  - title: {q(self.event_title())}")
                    if r.random() < 0.9:
                        lines.append("    authors:")
                        taken = set()
                        for _ in range(r.choice((1, 1, 2, 3))):
                            lines += self.person_ref("      ", taken, inline_share=0.4, override_share=0.0)
                    if r.random() < 0.8:
                        lines.append(f"    summary: {q(self.short())}")
                lines += self.tags()
                lines.append(f"summary: {q(self.short())}")
                lines.append("---")
                self.write(f"journal/{jslug}/issue-{k}.md", "\n".join(lines) + "\n" + self.prose(150, 400))
        self.info.issues = count
        self.info.journals = len(sizes)

    def make_weeks(self, count: int) -> None:
        r = self.rng
        sizes = group_sizes(r, count, 5, 8)
        regional = len(sizes) > 12  # one practice week a year, unless the corpus needs more
        for w, size in enumerate(sizes):
            year = 2026 - (w % 12 if not regional else w // len(REGIONS))
            region = REGIONS[w % len(REGIONS)] if regional else None
            folder = f"{year}-{slugify(region)}" if region else str(year)
            title = f"Practice week {year}" + (f": {region}" if region else "")
            monday = date(year, 10, 1) + timedelta(days=(7 - date(year, 10, 1).weekday()) % 7 + 7 * (w % 4))
            friday = monday + timedelta(days=4)
            self.write(
                f"practice-week/{folder}/_week.md",
                f"---\ntitle: {q(title)}\nstart: {monday.isoformat()}\nend: {friday.isoformat()}\n"
                f"summary: {q(f'{size} visits to learn from practitioners, experts and families.')}\n---\n"
                f"{self.prose(80, 250)}",
            )
            taken: set[str] = set()
            for _ in range(size):
                town, nation = r.choice(TOWNS)
                slug = self.unique(slugify(town), taken)
                orgs = [r.choice(ORG_PATTERNS).format(t=town)] + ([r.choice(NATIONAL_ORGS)] if r.random() < 0.5 else [])
                lines = [
                    "---",
                    f"title: {q('Visiting ' + orgs[0])}",
                    f"date: {(monday + timedelta(days=r.randrange(5))).isoformat()}",
                    f"place: {q(town)}",
                    f"nation: {nation}",
                    "organisations:",
                ] + [f"  - {q(o)}" for o in orgs]
                lines.append("team:")
                team: set[str] = set()
                for _ in range(r.randint(1, 3)):
                    lines.append(f"  - {self.person_id(team)}")
                lines.append("quotes:")
                for _ in range(r.randint(1, 3)):
                    text = f"{r.choice(QUOTE_STARTS)} {r.choice(FINDINGS)} when we {r.choice(ACTIONS)}."
                    lines.append(f"  - text: {q(text)}")
                    roll = r.random()
                    if roll < 0.5:
                        lines.append(f"    by: {self.person_id()}")
                    elif roll < 0.75:
                        lines += [
                            "    by:",
                            f"      name: {q(self.inline_name())}",
                            f"      organisation: {q(orgs[0])}",
                        ]
                lines += self.tags("practice week")
                lines.append(f"summary: {q(self.short())}")
                lines.append("---")
                self.write(f"practice-week/{folder}/{slug}.md", "\n".join(lines) + "\n" + self.prose())
        self.info.visits = count
        self.info.weeks = len(sizes)

    def make_pages(self) -> None:
        self.write(
            "pages/about.md",
            "---\ntitle: About this site\nsummary: A synthetic site for benchmarks.\norder: 1\n---\n"
            "This site was made by scripts/make_corpus.py. Its people, events, journals and visits are invented.\n",
        )
        self.write(
            "pages/accessibility.md",
            "---\ntitle: Accessibility statement\norder: 2\nfooter: true\n---\n"
            "This synthetic site uses the same templates as the real one.\n",
        )


def make_corpus(n: int, root: Path, seed: int = DEFAULT_SEED, force: bool = False) -> CorpusInfo:
    """Write site.yml and content/ for a corpus of `n` items into `root`; return what was made."""
    if n < 1:
        raise ValueError("n must be at least 1")
    root = Path(root)
    content = root / "content"
    if content.resolve() == (REPO / "content").resolve():
        raise ValueError("refusing to write into the repository's own content/")
    if content.exists() and any(content.iterdir()):
        if not force:
            raise FileExistsError(f"{content} is not empty (use --force to replace it)")
        shutil.rmtree(content)
    root.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(SITE_YML, root / "site.yml")
    content.mkdir()
    n_events = round(n * 0.7)
    n_issues = round(n * 0.1)
    n_visits = n - n_events - n_issues
    maker = _Maker(n, root, seed)
    maker.make_people()
    maker.make_events(n_events)
    if n_issues:
        maker.make_journals(n_issues)
    if n_visits:
        maker.make_weeks(n_visits)
    maker.make_pages()
    return maker.info


PICTURES = 12  # distinct pictures in a corpus made --with-pictures; the rest share their bytes


def _picture(r: random.Random, size: tuple[int, int]) -> bytes:
    """A photo-like JPEG (a gradient, shapes and grain, so it compresses as a photo does)."""
    from PIL import Image, ImageDraw, ImageFilter

    w, h = size
    top, bottom = [tuple(r.randrange(40, 230) for _ in range(3)) for _ in range(2)]
    im = Image.linear_gradient("L").resize((w, h)).convert("RGB")
    im = Image.composite(Image.new("RGB", (w, h), bottom), Image.new("RGB", (w, h), top), im.convert("L"))
    draw = ImageDraw.Draw(im)
    for _ in range(8):
        x, y, s = r.randrange(w), r.randrange(h), r.randrange(60, 300)
        draw.ellipse([x, y, x + s, y + s], fill=tuple(r.randrange(256) for _ in range(3)))
    grain = Image.effect_noise((w, h), 40).convert("RGB")
    im = Image.blend(im.filter(ImageFilter.GaussianBlur(3)), grain, 0.12)
    out = io.BytesIO()
    im.save(out, "JPEG", quality=85)
    return out.getvalue()


def add_pictures(root: Path, seed: int = DEFAULT_SEED) -> int:
    """Give every series and event on its own a picture (`image:`) and every journal issue a
    cover, as an archive whose authors add pictures would have; returns how many files."""
    r = random.Random(seed)
    wide = [_picture(r, (1200, 630)) for _ in range(PICTURES)]
    tall = [_picture(r, (600, 848)) for _ in range(PICTURES)]
    content = root / "content"
    made = 0
    targets = [(p, "image", wide) for p in sorted((content / "events").glob("*/_series.md"))]
    targets += [(p, "image", wide) for p in sorted((content / "events").glob("*.md"))]
    targets += [(p, "cover", tall) for p in sorted((content / "journal").glob("*/*.md")) if p.name != "_journal.md"]
    for n, (path, field_name, pool) in enumerate(targets):
        name = f"{path.stem.lstrip('_')}-picture.jpg"
        (path.parent / name).write_bytes(pool[n % len(pool)])
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace("---\n", f"---\n{field_name}: {name}\n", 1), encoding="utf-8")
        made += 1
    return made


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("n", type=int, help="number of items (events + journal issues + visits)")
    parser.add_argument("outdir", type=Path, help="project folder to write (site.yml and content/)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help=f"random seed (default {DEFAULT_SEED})")
    parser.add_argument("--force", action="store_true", help="replace an existing content/ in outdir")
    parser.add_argument(
        "--with-pictures",
        action="store_true",
        help="give every series and event on its own a picture, and every journal issue a cover",
    )
    args = parser.parse_args(argv)
    try:
        info = make_corpus(args.n, args.outdir, args.seed, args.force)
    except (ValueError, FileExistsError) as exc:
        print(f"make_corpus: {exc}", file=sys.stderr)
        return 1
    print(f"{args.outdir}: {info.summary()}")
    if args.with_pictures:
        print(f"{args.outdir}: {add_pictures(args.outdir, args.seed)} pictures and covers added")
    print(f"check it with: python -m generator --root {args.outdir} check --now {FIXED_NOW_ISO}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
