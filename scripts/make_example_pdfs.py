#!/usr/bin/env python3
"""Write the example PDF files used by the example content.

The PDFs are illustrative: the slide text and journal text summarise
public facts in our own words. They are built with fpdf2 using core
fonts only, so all text must be plain ASCII.

The output is deterministic: creation date, producer and other metadata
are fixed, so running this script again gives byte-identical files.

Usage (from the repository root):

    .venv/bin/python scripts/make_example_pdfs.py            # into content/
    .venv/bin/python scripts/make_example_pdfs.py /tmp/pdfs  # into another folder, laid out as content/
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from fpdf import FPDF

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content"

FIXED_DATE = datetime(2023, 6, 26, tzinfo=UTC)
PRODUCER = "make_example_pdfs.py (fpdf2)"
CREATOR = "Family Justice Learning Exchange (example organisation)"

# Colours (RGB)
DARK = (11, 60, 73)  # dark teal
ACCENT = (255, 221, 0)  # yellow
TEXT = (11, 12, 12)
MUTED = (80, 90, 95)
LIGHT = (243, 242, 241)

# Slide size: 16:9, in millimetres (width x height)
SLIDE_W, SLIDE_H = 338.67, 190.5

_REPLACEMENTS = {
    "\u2018": "'",
    "\u2019": "'",
    "\u201c": '"',
    "\u201d": '"',
    "\u2013": "-",
    "\u2014": "-",
    "\u2026": "...",
    "\u00a0": " ",
}


def ascii_text(text: str) -> str:
    """Replace typographic characters and insist on plain ASCII."""
    for old, new in _REPLACEMENTS.items():
        text = text.replace(old, new)
    try:
        text.encode("ascii")
    except UnicodeEncodeError as err:  # pragma: no cover - guard for editors
        raise ValueError(f"non-ASCII text in PDF source: {text!r}") from err
    return text


def new_pdf(orientation: str, fmt, title: str, subject: str, keywords: str) -> FPDF:
    pdf = FPDF(orientation=orientation, unit="mm", format=fmt)
    pdf.set_creation_date(FIXED_DATE)
    pdf.set_producer(PRODUCER)
    pdf.set_creator(CREATOR)
    pdf.set_author(CREATOR)
    pdf.set_title(ascii_text(title))
    pdf.set_subject(ascii_text(subject))
    pdf.set_keywords(ascii_text(keywords))
    pdf.set_lang("en-GB")
    pdf.set_display_mode(zoom="fullpage", layout="single")
    pdf.set_auto_page_break(False)
    pdf.set_margins(0, 0, 0)
    return pdf


# ---------------------------------------------------------------------------
# Slide decks
# ---------------------------------------------------------------------------


class Deck:
    """A very small slide-deck helper on top of FPDF."""

    MARGIN = 22.0

    def __init__(self, title: str, footer: str, subject: str, keywords: str):
        self.footer = ascii_text(footer)
        self.pdf = new_pdf("L", (SLIDE_H, SLIDE_W), title, subject, keywords)
        self.count = 0

    # -- building blocks ---------------------------------------------------

    def _new_page(self) -> None:
        self.pdf.add_page()
        self.count += 1

    def _footer(self) -> None:
        pdf = self.pdf
        pdf.set_draw_color(*DARK)
        pdf.set_line_width(0.4)
        y = SLIDE_H - 14
        pdf.line(self.MARGIN, y, SLIDE_W - self.MARGIN, y)
        pdf.set_font("Helvetica", "", 10)
        pdf.set_text_color(*MUTED)
        pdf.set_xy(self.MARGIN, y + 2)
        pdf.cell(SLIDE_W - 2 * self.MARGIN - 20, 8, self.footer)
        pdf.set_xy(SLIDE_W - self.MARGIN - 20, y + 2)
        pdf.cell(20, 8, str(self.count), align="R")

    def _heading(self, heading: str) -> float:
        pdf = self.pdf
        pdf.set_fill_color(*DARK)
        pdf.rect(0, 0, SLIDE_W, 30, style="F")
        pdf.set_fill_color(*ACCENT)
        pdf.rect(0, 30, SLIDE_W, 2.5, style="F")
        pdf.set_font("Helvetica", "B", 24)
        pdf.set_text_color(255, 255, 255)
        pdf.set_xy(self.MARGIN, 8)
        pdf.cell(SLIDE_W - 2 * self.MARGIN, 14, ascii_text(heading))
        return 44.0

    def _paragraph(self, text: str, y: float, size: float = 20) -> float:
        pdf = self.pdf
        pdf.set_font("Helvetica", "", size)
        pdf.set_text_color(*TEXT)
        pdf.set_xy(self.MARGIN, y)
        pdf.multi_cell(SLIDE_W - 2 * self.MARGIN, size * 0.48, ascii_text(text), align="L")
        return pdf.get_y() + 4

    def _bullets(self, items, y: float, size: float = 20) -> float:
        pdf = self.pdf
        line_h = size * 0.46
        for item in items:
            pdf.set_fill_color(*DARK)
            pdf.rect(self.MARGIN + 1, y + line_h / 2 - 1.3, 2.6, 2.6, style="F")
            pdf.set_font("Helvetica", "", size)
            pdf.set_text_color(*TEXT)
            pdf.set_xy(self.MARGIN + 9, y)
            pdf.multi_cell(SLIDE_W - 2 * self.MARGIN - 9, line_h, ascii_text(item), align="L")
            y = pdf.get_y() + size * 0.22
        return y

    # -- slide types -------------------------------------------------------

    def title_slide(self, title: str, subtitle: str, lines) -> None:
        self._new_page()
        pdf = self.pdf
        pdf.set_fill_color(*DARK)
        pdf.rect(0, 0, SLIDE_W, SLIDE_H, style="F")
        pdf.set_fill_color(*ACCENT)
        pdf.rect(self.MARGIN, 52, 40, 3, style="F")
        pdf.set_text_color(255, 255, 255)
        pdf.set_font("Helvetica", "B", 34)
        pdf.set_xy(self.MARGIN, 62)
        pdf.multi_cell(SLIDE_W - 2 * self.MARGIN, 15, ascii_text(title), align="L")
        pdf.set_font("Helvetica", "", 20)
        pdf.set_xy(self.MARGIN, pdf.get_y() + 6)
        pdf.multi_cell(SLIDE_W - 2 * self.MARGIN, 10, ascii_text(subtitle), align="L")
        pdf.set_font("Helvetica", "", 15)
        y = pdf.get_y() + 8
        for line in lines:
            pdf.set_xy(self.MARGIN, y)
            pdf.cell(SLIDE_W - 2 * self.MARGIN, 8, ascii_text(line))
            y += 8

    def section_slide(
        self, heading: str, intro: str | None = None, bullets=(), size: float = 20, note: str | None = None
    ) -> None:
        self._new_page()
        y = self._heading(heading)
        if intro:
            y = self._paragraph(intro, y, size)
        if bullets:
            y = self._bullets(bullets, y, size)
        if note:
            self.pdf.set_font("Helvetica", "I", 12)
            self.pdf.set_text_color(*MUTED)
            self.pdf.set_xy(self.MARGIN, SLIDE_H - 26)
            self.pdf.cell(SLIDE_W - 2 * self.MARGIN, 8, ascii_text(note))
        self._footer()

    def two_columns(self, heading: str, left_title: str, left, right_title: str, right, size: float = 17) -> None:
        self._new_page()
        pdf = self.pdf
        y0 = self._heading(heading)
        col_w = (SLIDE_W - 2 * self.MARGIN - 12) / 2
        for i, (title, items) in enumerate(((left_title, left), (right_title, right))):
            x = self.MARGIN + i * (col_w + 12)
            pdf.set_fill_color(*LIGHT)
            pdf.rect(x, y0 - 2, col_w, SLIDE_H - y0 - 18, style="F")
            pdf.set_font("Helvetica", "B", size + 2)
            pdf.set_text_color(*DARK)
            pdf.set_xy(x + 5, y0 + 2)
            pdf.cell(col_w - 10, 9, ascii_text(title))
            y = y0 + 14
            for item in items:
                pdf.set_font("Helvetica", "", size)
                pdf.set_text_color(*TEXT)
                pdf.set_xy(x + 5, y)
                pdf.multi_cell(col_w - 10, size * 0.46, ascii_text("- " + item), align="L")
                y = pdf.get_y() + 2.5
        self._footer()

    def save(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.pdf.output(str(path))


# Each slide is data, drawn by one of Deck's slide types, so a deck reads as its
# slides in order.


@dataclass(frozen=True)
class TitleSlide:
    title: str
    subtitle: str
    lines: Sequence[str]

    def draw(self, deck: Deck) -> None:
        deck.title_slide(self.title, self.subtitle, self.lines)


@dataclass(frozen=True)
class SectionSlide:
    heading: str
    intro: str | None = None
    bullets: Sequence[str] = ()
    size: float = 20
    note: str | None = None

    def draw(self, deck: Deck) -> None:
        deck.section_slide(self.heading, self.intro, self.bullets, self.size, self.note)


@dataclass(frozen=True)
class TwoColumns:
    heading: str
    left_title: str
    left: Sequence[str]
    right_title: str
    right: Sequence[str]
    size: float = 17

    def draw(self, deck: Deck) -> None:
        deck.two_columns(self.heading, self.left_title, self.left, self.right_title, self.right, self.size)


@dataclass(frozen=True)
class DeckPlan:
    """A deck's metadata and its slides, in order."""

    title: str
    footer: str
    subject: str
    keywords: str
    slides: tuple[TitleSlide | SectionSlide | TwoColumns, ...]

    def build(self) -> Deck:
        deck = Deck(title=self.title, footer=self.footer, subject=self.subject, keywords=self.keywords)
        for slide in self.slides:
            slide.draw(deck)
        return deck


FOSTERING_DECK = DeckPlan(
    title="Fostering a one-system mindset and culture",
    footer="Fostering a one-system mindset and culture - 26 June 2023",
    subject="Slides for the fourth event in the learning series on delays in care proceedings",
    keywords="care proceedings, multi-agency working, practice standards",
    slides=(
        TitleSlide(
            title="Fostering a one-system mindset and culture",
            subtitle="Learning series: delays in care proceedings - event 4 of 4",
            lines=[
                "Monday 26 June 2023, 2pm to 3:30pm, online",
                "Chair: Clare Chamberlain, Executive Director of Children's Services, City of London",
                "Illustrative slides for an example site",
            ],
        ),
        SectionSlide(
            heading="About this learning series",
            intro="Four learning events, run as part of a project on how delays in care "
            "proceedings affect children's services. The Department for Education "
            "commissioned the project.",
            bullets=[
                "Event 1: understanding the causes of delay",
                "Event 2: making the most of pre-proceedings work",
                "Event 3: the child's experience of delay",
                "Event 4 (today): fostering a one-system mindset and culture",
            ],
        ),
        SectionSlide(
            heading="Where we started: the 2011 Family Justice Review",
            intro="The review found broad agreement that family justice was a system in name only.",
            bullets=[
                "Partners did not trust each other",
                "Leadership was missing",
                "The different parts did not fit together",
                "There was little reliable evidence about how the system really worked",
            ],
            note="Our summary of the review's finding, in our own words.",
        ),
        SectionSlide(
            heading="Twelve years on",
            bullets=[
                "Some of the same problems are still with us.",
                "But in some places, partners from across the system have joined up and reduced delay in care proceedings.",
                "Today we look at what those areas did, and what we can all learn.",
            ],
        ),
        SectionSlide(
            heading="Questions we will explore",
            bullets=[
                "Is there a single answer to what good cooperation between sectors looks like?",
                "How do we create the conditions for cooperation to grow?",
                "How can partners hold each other to account and keep strong working relationships?",
                "What works, and what does not, when building a new partnership?",
            ],
        ),
        SectionSlide(
            heading="Practice standards: strategic leaders",
            intro="Leaders:",
            bullets=[
                "develop a shared vision for how their services work together",
                "use evidence from direct practice to see what is and is not working",
                "are ambitious for children, and jointly prioritise and share resources",
                "create an inclusive culture that celebrates multi-agency working",
                "hold each other to account for partnership working, and are held to account",
            ],
            size=18,
        ),
        SectionSlide(
            heading="Practice standards: senior and middle managers",
            bullets=[
                "Decisions rest on a shared practice approach and open debate",
                "Teams have time for peer learning, peer audit, group supervision and observation",
                "Children get joined-up support from a wide range of agencies",
                "Staff are supported to identify and challenge discrimination and stereotypes",
                "Constructive challenge is encouraged, and independent judgement is valued to avoid groupthink",
            ],
            size=18,
        ),
        SectionSlide(
            heading="Practice standards: direct practice",
            intro="Practitioners:",
            bullets=[
                "share information to build a full picture of the child's life, with the child's voice at the centre",
                "learn together, using the best evidence from each of their fields",
                "build strong relationships across agencies and disciplines",
                "tell apart adversity from poverty or family stress, and harm from abuse or neglect",
                "challenge each other and resolve disagreements respectfully",
            ],
            size=18,
        ),
        TwoColumns(
            heading="Panel discussion: working culture and good practice",
            left_title="Chair",
            left=["Clare Chamberlain, Executive Director of Children's Services, City of London"],
            right_title="Guest speakers",
            right=[
                "HHJ Christopher Simmonds, Bournemouth Combined Court",
                "Lauren Kocan, Department for Education",
                "Jacqui Frisby, Ministry of Justice",
                "Rasheed Pendry, Deputy Director of Children's Services, Richmond and Wandsworth Councils",
                "Helen Scourfield, Chair, Teesside Local Family Justice Board",
            ],
        ),
        SectionSlide(
            heading="Questions for your own partnership",
            bullets=[
                "Do all partners share the same picture of delay in your area?",
                "Where do you meet to solve problems together, not just to report?",
                "Which one practice standard would make the biggest difference if you met it fully?",
            ],
        ),
        SectionSlide(
            heading="Thank you",
            intro="To talk about the project or this topic, email learning@example.org",
            bullets=[
                "Recording: https://video.example.org/fostering-a-one-system-mindset",
                "These slides are illustrative and were written for an example site.",
            ],
        ),
    ),
)


BOARD_DECK = DeckPlan(
    title="Ofsted annual self-assessment: a summary",
    footer="Public board meeting, 20 January 2021 - summary of public papers",
    subject="Summary of papers presented at a Cafcass public board meeting on 20 January 2021",
    keywords="governance, covid-19, quality assurance, practice framework",
    slides=(
        TitleSlide(
            title="Ofsted annual self-assessment: a summary",
            subtitle="Public board meeting, 20 January 2021",
            lines=[
                "A summary of the meeting's public papers, written for an example site",
            ],
        ),
        SectionSlide(
            heading="Agenda",
            bullets=[
                "1. Ofsted self-evaluation",
                "2. Covid-19 update",
                "3. Demand and pressures on the system",
                "4. Strategic planning",
                "5. 'Together with children and families': the new practice framework",
            ],
        ),
        SectionSlide(
            heading="Context: a year of transition",
            bullets=[
                "Big leadership changes from September 2019, including a new chief executive and board members",
                "A new three-year strategy, launched just as a global pandemic began",
                "The aim: keep a firm grip on practice and delivery, and stretch further",
                "March 2020 began the most challenging period in the organisation's history",
            ],
        ),
        SectionSlide(
            heading="The numbers: demand",
            bullets=[
                "141,000 children in 2019-20, rising by about 5% a year",
                "About one third in public law cases and two thirds in private law cases",
                "December 2020: highest ever number of open active cases - 36,881, about 59,000 children",
                "That is 40% higher than at the 2018 inspection",
                "July to September 2020: the busiest financial quarter on record",
            ],
        ),
        SectionSlide(
            heading="The numbers: workforce",
            bullets=[
                "Caseloads are the highest on record",
                "This is despite 136 more social workers than two years earlier",
                "1,802 qualified social workers and 508 corporate colleagues",
                "Staff turnover of 8.7% a year, about half the national rate",
            ],
        ),
        TwoColumns(
            heading="The 'stretch': strategic priorities",
            left_title="Practice and people",
            left=[
                "A new practice framework, led from the frontline",
                "A review of complaints",
                "Listening to and learning from families",
                "An organisational development strategy",
                "A Social Work Academy",
                "An equality, diversity and inclusion strategy",
            ],
            right_title="Performance and partners",
            right=[
                "Stronger governance and oversight of performance",
                "Transforming within our means",
                "System leadership in public law",
                "Reform of private law",
                "Work with local family justice partnerships",
            ],
        ),
        SectionSlide(
            heading="'Together with children and families'",
            intro="The new practice framework has four principles:",
            bullets=[
                "Always looking for the strengths and risks",
                "Decision making is clear and reasoned",
                "Believing in respectful relationships",
                "Holding children and their families at the heart of our practice",
            ],
            note="Supported by appreciative inquiry, an analysis tool, group supervision and family story boards.",
        ),
        SectionSlide(
            heading="The impact of Covid-19",
            bullets=[
                "Demand stayed high while courts worked about 20% more slowly",
                "74% of social workers in teams after the first hearing held more than 20 cases",
                "Longer cases led to repeat work, such as addendum reports",
                "Delay in public law proceedings was a serious concern",
                "Key performance indicators were under threat",
            ],
        ),
        SectionSlide(
            heading="Leading through Covid-19",
            bullets=[
                "Fully remote working from 20 March 2020, with full incident management until October",
                "Offices stayed open so families could still be seen",
                "December 2020: 75% of children seen, 53% of them in person",
                "Regular staff well-being surveys; staff absence fell by 1.53 days",
                "Live events and 'think-ins' kept leaders visible to staff",
            ],
        ),
        SectionSlide(
            heading="Quality assurance",
            bullets=[
                "Reports are checked before filing unless the adviser is approved to self-authorise",
                "A minimum of 8 case file audits a year for each family court adviser",
                "Regular benchmarking sessions and regional performance boards",
                "Audit results: 63% good or better, 30% meets the standard, 7% requires improvement",
                "Results are better than at the 2018 inspection",
            ],
        ),
        SectionSlide(
            heading="What children and families told us",
            intro="In May 2020, 186 children and families were interviewed.",
            bullets=[
                "Adults rated the work as helpful: 8.8 out of 10 on average",
                "90% of children said their worker had helped them",
                "In response: new introductory letters for children",
                "Half of all quality audits to include family feedback",
                "A new 'listening post' to hear children's feedback",
            ],
        ),
        SectionSlide(
            heading="Thank you",
            intro="This summary was written for an example site. It is not an official document.",
            bullets=[
                "Read the original board papers on the organisation's own website",
            ],
        ),
    ),
)


def fostering_deck() -> Deck:
    return FOSTERING_DECK.build()


def board_deck() -> Deck:
    return BOARD_DECK.build()


# ---------------------------------------------------------------------------
# Journal issue (A4 portrait)
# ---------------------------------------------------------------------------

ARTICLES = [
    (
        "Five years of Strengthening Families, Protecting Children",
        "Department for Education and programme support partners",
        "The Department for Education and the programme's support partners "
        "look back on five years of the programme and what it achieved.",
    ),
    (
        "The conditions for lasting impact",
        "Leaders from Hertfordshire, Leeds and North Yorkshire",
        "The three areas that first developed Family Safeguarding, Family Valued "
        "and No Wrong Door describe what needs to be in place for change to last.",
    ),
    (
        "From opening Our Place to an Outstanding judgement",
        "Rochdale, adopter of No Wrong Door",
        "Rochdale opened its Our Place hub in 2020. In 2023 it received an "
        "Outstanding judgement from Ofsted. This article shares the lessons learned on the way.",
    ),
    (
        "Bringing children home in Coventry",
        "Coventry, adopter of Family Valued",
        "Coventry's reunification project helps children return from care to "
        "live with their families. Its results have won an award.",
    ),
    (
        "Leading with values in Wandsworth",
        "Wandsworth Council, adopter of Family Safeguarding",
        "Why putting shared values at the centre of the work has helped practitioners and families.",
    ),
    (
        "Learning from each other",
        "",
        "How peer-to-peer learning between local authorities helps keep "
        "positive change going for children and families.",
    ),
]


# The pages that group the articles: a heading and the numbers of its articles.
ARTICLE_PAGES = [
    ("Looking back, looking forward", (1, 2)),
    ("Lessons from adopting areas", (3, 4)),
    ("Values and learning together", (5, 6)),
]

# A4 portrait, in millimetres (width x height)
PAGE_W, PAGE_H = 210.0, 297.0


class Journal:
    """The journal issue on top of FPDF, one method a page (or kind of page)."""

    MARGIN = 22.0

    def __init__(self) -> None:
        self.pdf = new_pdf(
            "P",
            "A4",
            "Strengthening Families Journal, issue 6: Sustaining change for children and families",
            "Illustrative summary of issue 6 of the Strengthening Families Journal",
            "sustaining change, reunification, multi-agency working",
        )
        self.count = 0

    # -- building blocks ---------------------------------------------------

    def _footer(self) -> None:
        pdf, m = self.pdf, self.MARGIN
        pdf.set_font("Helvetica", "", 9)
        pdf.set_text_color(*MUTED)
        pdf.set_xy(m, PAGE_H - 16)
        pdf.cell(PAGE_W - 2 * m - 15, 6, "Strengthening Families Journal - issue 6 - illustrative example")
        pdf.set_xy(PAGE_W - m - 15, PAGE_H - 16)
        pdf.cell(15, 6, str(self.count), align="R")

    def _new_page(self, heading: str | None = None) -> float:
        pdf, m = self.pdf, self.MARGIN
        pdf.add_page()
        self.count += 1
        if heading is None:
            return m
        pdf.set_fill_color(*DARK)
        pdf.rect(0, 0, PAGE_W, 8, style="F")
        pdf.set_font("Helvetica", "B", 22)
        pdf.set_text_color(*DARK)
        pdf.set_xy(m, 22)
        pdf.multi_cell(PAGE_W - 2 * m, 10, ascii_text(heading), align="L")
        return pdf.get_y() + 6

    def _para(self, text: str, y: float, size: float = 12, style: str = "") -> float:
        pdf, m = self.pdf, self.MARGIN
        pdf.set_font("Helvetica", style, size)
        pdf.set_text_color(*TEXT)
        pdf.set_xy(m, y)
        pdf.multi_cell(PAGE_W - 2 * m, size * 0.5, ascii_text(text), align="L")
        return pdf.get_y() + 4

    def _article(self, num: int, y: float) -> float:
        pdf, m = self.pdf, self.MARGIN
        title, by, summary = ARTICLES[num - 1]
        pdf.set_fill_color(*ACCENT)
        pdf.rect(m, y + 1, 3, 8, style="F")
        pdf.set_font("Helvetica", "B", 15)
        pdf.set_text_color(*DARK)
        pdf.set_xy(m + 6, y)
        pdf.multi_cell(PAGE_W - 2 * m - 6, 7.5, ascii_text(f"{num}. {title}"), align="L")
        y = pdf.get_y() + 1
        if by:
            pdf.set_font("Helvetica", "I", 10.5)
            pdf.set_text_color(*MUTED)
            pdf.set_xy(m + 6, y)
            pdf.multi_cell(PAGE_W - 2 * m - 6, 5.5, ascii_text(by), align="L")
            y = pdf.get_y()
        return self._para(summary, y + 2) + 6

    def _contents_entry(self, num: int, title: str, by: str, y: float) -> float:
        pdf, m = self.pdf, self.MARGIN
        pdf.set_font("Helvetica", "B", 12)
        pdf.set_text_color(*TEXT)
        pdf.set_xy(m, y)
        pdf.multi_cell(PAGE_W - 2 * m, 6.5, ascii_text(f"{num}. {title}"), align="L")
        y = pdf.get_y()
        if by:
            pdf.set_font("Helvetica", "", 10.5)
            pdf.set_text_color(*MUTED)
            pdf.set_xy(m + 5, y)
            pdf.multi_cell(PAGE_W - 2 * m - 5, 5.5, ascii_text(by), align="L")
            y = pdf.get_y()
        return y + 4

    # -- pages -------------------------------------------------------------

    def cover(self) -> None:
        pdf, m = self.pdf, self.MARGIN
        self._new_page()
        pdf.set_fill_color(*DARK)
        pdf.rect(0, 0, PAGE_W, PAGE_H, style="F")
        pdf.set_fill_color(*ACCENT)
        pdf.rect(m, 70, 50, 3, style="F")
        pdf.set_text_color(255, 255, 255)
        pdf.set_font("Helvetica", "", 16)
        pdf.set_xy(m, 50)
        pdf.cell(PAGE_W - 2 * m, 10, "Strengthening Families Journal")
        pdf.set_font("Helvetica", "B", 34)
        pdf.set_xy(m, 84)
        pdf.multi_cell(PAGE_W - 2 * m, 15, "Sustaining change for children and families", align="L")
        pdf.set_font("Helvetica", "", 16)
        pdf.set_xy(m, pdf.get_y() + 10)
        pdf.cell(PAGE_W - 2 * m, 10, "Issue 6 - the final issue")
        pdf.set_font("Helvetica", "", 11)
        pdf.set_xy(m, PAGE_H - 50)
        pdf.multi_cell(
            PAGE_W - 2 * m,
            6,
            "Sharing learning from the Strengthening Families, Protecting Children programme.\n"
            "Illustrative example written for a demonstration website.",
            align="L",
        )

    def contents(self) -> None:
        y = self._new_page("In this issue")
        y = self._para(
            "This is the sixth and final issue of the journal. It asks how local "
            "authorities can hold on to the positive changes they made through the "
            "programme, once the programme ends.",
            y,
        )
        y += 2
        for i, (title, by, _summary) in enumerate(ARTICLES, start=1):
            y = self._contents_entry(i, title, by, y)
        self._footer()

    def about_programme(self) -> None:
        y = self._new_page("About the programme")
        y = self._para(
            "Strengthening Families, Protecting Children (SFPC) was a five-year "
            "Department for Education programme. It helped local authorities in "
            "England improve their work with families and safely reduce the number "
            "of children entering care.",
            y,
        )
        y = self._para("Local authorities adopted one of three innovations designed within the sector:", y)
        for line in (
            "- Family Valued, from Leeds",
            "- No Wrong Door, from North Yorkshire",
            "- Family Safeguarding, from Hertfordshire",
        ):
            y = self._para(line, y - 2)
        y = self._para("Mutual Ventures was one of the organisations supporting the programme.", y + 2)
        y = self._para(
            "The journal is for people who work in children's social care, and for those who work alongside them.",
            y,
        )
        self._footer()

    def articles_page(self, heading: str, nums) -> None:
        y = self._new_page(heading)
        for n in nums:
            y = self._article(n, y)
        self._footer()

    def back_page(self) -> None:
        y = self._new_page("About this example")
        y = self._para(
            "This PDF was produced for an example website. It summarises, in our own "
            "words, the themes of a real journal issue. The article titles, author "
            "lines and summaries are illustrative. Read the original journal for "
            "accurate information.",
            y,
        )
        self._para("Contact: learning@example.org", y)
        self._footer()


def journal_issue() -> FPDF:
    journal = Journal()
    journal.cover()
    journal.contents()
    journal.about_programme()
    for heading, nums in ARTICLE_PAGES:
        journal.articles_page(heading, nums)
    journal.back_page()
    return journal.pdf


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Write the example PDF files used by the example content.")
    parser.add_argument(
        "out",
        nargs="?",
        type=Path,
        default=CONTENT,
        help="the content folder to write them into (default: the repository's content/)",
    )
    out = parser.parse_args(argv).out.resolve()
    outputs = {
        out / "events" / "delays-in-care-proceedings" / "fostering-a-one-system-mindset.pdf": fostering_deck(),
        out / "events" / "public-board-meeting-january-2021.pdf": board_deck(),
        out / "journal" / "strengthening-families" / "strengthening-families-journal-issue-6.pdf": journal_issue(),
    }
    for path, doc in outputs.items():
        if isinstance(doc, Deck):
            doc.save(path)
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            doc.output(str(path))
        shown = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path
        print(f"wrote {shown} ({path.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
