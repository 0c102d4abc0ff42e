"""The front-matter contract: one typed model per content type.

The models are the single source of truth for what a field may hold; the
validator uses them, and the authoring guide's field tables are generated from
them. Field types read text the way a comms officer writes it and raise
FieldError with the fix in plain words.
"""

from __future__ import annotations

import calendar
import difflib
import re
import typing
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Any, ClassVar, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
    ValidationInfo,
    create_model,
    model_validator,
)

from generator.content import field_names
from generator.problems import Problem


class FieldError(ValueError):
    """A value a person can fix: what is wrong and how to put it right."""

    def __init__(self, message: str, fix: str = ""):
        super().__init__(message)
        self.message = message
        self.fix = fix


# --- field types -----------------------------------------------------------


def _as_list(value: Any) -> Any:
    # A single item where a list is expected is what people mean, so accept it.
    if value is None:
        return []
    if isinstance(value, (str, dict)):
        return [value]
    return value


_DATETIME_RE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$")


def parse_when(value: Any) -> date | datetime:
    """`2023-06-26 14:00` -> naive local datetime; `2023-06-26` -> date."""
    if isinstance(value, datetime):
        return value.replace(tzinfo=None)
    if isinstance(value, date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        raise FieldError(
            f"{value!r} is a number, not a date",
            "write the date and time like 2023-06-26 14:00",
        )
    text = str(value).strip()
    m = _DATETIME_RE.match(text)
    if not m:
        if re.match(r"^\d{1,2}:\d{2}", text):
            raise FieldError(
                f"'{text}' is a time without a date",
                "write the date and the time together, like 2023-06-26 14:00",
            )
        raise FieldError(
            f"'{text}' is not a date we can read",
            "write it as year-month-day, with an optional 24-hour time: 2023-06-26 or 2023-06-26 14:00",
        )
    y, mo, d, hh, mm, ss = m.groups()
    try:
        if hh is None:
            return date(int(y), int(mo), int(d))
        return datetime(int(y), int(mo), int(d), int(hh), int(mm), int(ss or 0))
    except ValueError:
        raise FieldError(
            f"'{text}' is not a real date or time: {_why_unreal(int(y), int(mo), int(d), hh, mm, ss)}",
            "check the day, month and time: months run 1-12 and hours 0-23",
        ) from None


def _why_unreal(year: int, month: int, day: int, hh, mm, ss) -> str:
    """What is out of range, in words: 'February 2027 has 28 days'."""
    if not 1 <= month <= 12:
        return f"there is no month {month}"
    days = calendar.monthrange(year, month)[1]
    if not 1 <= day <= days:
        return f"{calendar.month_name[month]} {year} has {days} days"
    if hh is not None and int(hh) > 23:
        return f"there is no hour {int(hh)} (midnight is 00:00)"
    return "minutes and seconds run 0-59"


def parse_day(value: Any) -> date:
    when = parse_when(value)
    if isinstance(when, datetime):
        raise FieldError(
            f"'{value}' has a time, but this field is a date only",
            "remove the time: write it like 2023-06-26",
        )
    return when


@lru_cache(maxsize=1)
def _zone_names() -> dict[str, str]:
    return {name.lower(): name for name in available_timezones()}


def parse_zone(value: Any) -> str:
    name = str(value).strip()
    try:
        ZoneInfo(name)
        return name
    except (ZoneInfoNotFoundError, ValueError):
        pass
    names = _zone_names()
    if name.lower() in names:
        return names[name.lower()]
    close = difflib.get_close_matches(name.lower(), names.keys(), n=1, cutoff=0.6)
    hint = f"did you mean {names[close[0]]}?" if close else "use a name from the IANA list, such as Europe/London"
    raise FieldError(f"'{name}' is not a time zone we know", hint)


def _choice_key(text: str) -> str:
    # "In person", "in_person" and "in-person" all mean the same choice.
    return re.sub(r"[\s_-]+", "-", text.strip().lower())


def choice(*options: str):
    """Case-insensitive choice; a near miss gets a suggestion."""

    def check(value: Any) -> str:
        text = str(value).strip() if value is not None and not isinstance(value, bool) else None
        if isinstance(value, bool):
            text = "yes" if value else "no"
        lowered = {_choice_key(o): o for o in options}
        if text is not None and _choice_key(text) in lowered:
            return lowered[_choice_key(text)]
        close = difflib.get_close_matches(_choice_key(text or ""), lowered.keys(), n=1, cutoff=0.6)
        listing = ", ".join(options)
        fix = f"did you mean {lowered[close[0]]}? " if close else ""
        raise FieldError(f"'{text}' is not one of the allowed values", f"{fix}use one of: {listing}")

    return BeforeValidator(check)


_URL_RE = re.compile(r"^(https?://[^\s/$.?#][^\s]*|mailto:[^\s@]+@[^\s@]+\.[^\s@]+)$", re.IGNORECASE)
_EMAIL_RE = re.compile(
    r"^[^\s@<>()\[\],;:\"]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$"
)


def parse_url(value: Any) -> str:
    text = str(value).strip()
    if _URL_RE.match(text):
        return text
    scheme = text.split(":", 1)[0].lower() if ":" in text else ""
    if scheme and scheme not in ("http", "https", "mailto"):
        raise FieldError(
            f"links starting '{scheme}:' are not allowed",
            "use a web address starting https:// (or mailto: for an email address)",
        )
    raise FieldError(
        f"'{text}' is not a full web address",
        "copy the address from your browser's address bar, starting https://",
    )


def parse_email(value: Any) -> str:
    text = str(value).strip()
    if text.lower().startswith("mailto:"):
        text = text[7:]
    if _EMAIL_RE.match(text):
        return text
    raise FieldError(f"'{text}' is not an email address", "write it like learning@example.org")


def parse_file(value: Any, info: ValidationInfo) -> Path:
    """A path relative to the content file; it must exist and stay inside content/."""
    text = str(value).strip()
    ctx = info.context or {}
    base: Path = ctx.get("dir", Path("."))
    root: Path = ctx.get("root", base)
    if not text:
        raise FieldError("the file name is empty", "write the file's name, e.g. slides.pdf")
    if re.match(r"^[a-z][a-z0-9+.-]*://", text, re.IGNORECASE):
        raise FieldError(
            f"'{text}' is a web address, not a file", "use `url:` for a web address, or put the file next to this page"
        )
    target = (base / text).resolve()
    if not target.is_relative_to(root.resolve()):
        raise FieldError(
            f"'{text}' points outside the content folder",
            "put the file in the same folder as this page and write just its name",
        )
    if not target.is_file():
        near = ""
        if base.is_dir():
            siblings = [p.name for p in base.iterdir() if p.is_file() and not p.name.endswith(".md")]
            close = difflib.get_close_matches(Path(text).name, siblings, n=1, cutoff=0.6)
            if close:
                near = f"did you mean {close[0]}? "
        raise FieldError(
            f"the file '{text}' does not exist",
            f"{near}put the file in {_shown(base, root)} or correct the name (names are case-sensitive)",
        )
    files = ctx.get("files")
    if files is not None:  # a cached validation holds only while every file it found is still there
        files.append(target)
    return target


def _shown(folder: Path, root: Path) -> str:
    try:
        return "content/" + folder.resolve().relative_to(root.resolve()).as_posix() + "/"
    except ValueError:
        return str(folder)


def text(value: Any) -> Any:
    if isinstance(value, str):
        # Curly quotes, Welsh letters and accents are all welcome; only trim space.
        return value.strip()
    return value


Text = Annotated[str, BeforeValidator(text), Field(min_length=1)]
When = Annotated[Any, BeforeValidator(parse_when)]
Day = Annotated[date, BeforeValidator(parse_day)]
Zone = Annotated[str, BeforeValidator(parse_zone)]
Url = Annotated[str, BeforeValidator(parse_url)]
Email = Annotated[str, BeforeValidator(parse_email)]
FilePath = Annotated[Path, BeforeValidator(parse_file)]
IMAGE_TYPES = (".png", ".jpg", ".jpeg", ".gif", ".webp")


def image_type(value: Path) -> Path:
    if value.suffix.lower() not in IMAGE_TYPES:
        raise FieldError(
            f"'{value.name}' is not an image", "use a PNG, JPEG, GIF or WebP file, ideally 1200×630 pixels"
        )
    return value


ImagePath = Annotated[Path, BeforeValidator(parse_file), AfterValidator(image_type)]


def _list_of(item):
    return Annotated[list[item], BeforeValidator(_as_list)]


# --- models ----------------------------------------------------------------


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", coerce_numbers_to_str=True, frozen=True)


class PersonRef(Strict):
    """A person: an id naming content/people/<id>.md, or a name given here."""

    SHORT_FORM: ClassVar[str] = "id"  # the field a bare value stands for: `chair: clare-chamberlain`

    id: str | None = Field(
        None, description="the file name in content/people/, without .md", examples=["clare-chamberlain"]
    )
    name: Text | None = Field(
        None, description="the person's name, when they have no file in content/people/", examples=["Lauren Kocan"]
    )
    role: Text | None = Field(
        None,
        description="their role at the time (overrides the people file)",
        examples=["Executive Director of Children's Services"],
    )
    organisation: Text | None = Field(None, description="their organisation at the time", examples=["City of London"])

    @model_validator(mode="before")
    @classmethod
    def _bare_id(cls, value: Any) -> Any:
        if isinstance(value, str):
            return {"id": value.strip()}
        return value

    @model_validator(mode="after")
    def _known(self, info: ValidationInfo) -> PersonRef:
        if not self.id and not self.name:
            raise FieldError("a person needs a name or an id", "add `name: Their Name`, or an id from content/people/")
        people = (info.context or {}).get("people")
        if self.id and people is not None and self.id not in people:
            close = difflib.get_close_matches(self.id, sorted(people), n=1, cutoff=0.6)
            hint = f"did you mean {close[0]}? " if close else ""
            raise FieldError(
                f"there is no person '{self.id}' in content/people/",
                f"{hint}add a file for them, content/people/{self.id}.md; or, for someone who appears only "
                "here, write their details instead of the id: `name:`, `role:` and `organisation:` lines",
            )
        return self


class Venue(Strict):
    name: Text = Field(description="the building or room", examples=["Birmingham Council House"])
    address: Text | None = Field(
        None, description="street address and postcode", examples=["Victoria Square, Birmingham B1 1BB"]
    )


class FileOrUrl(Strict):
    file: FilePath | None = Field(None, description="a file next to this page", examples=["slides.pdf"])
    url: Url | None = Field(None, description="or a web address", examples=["https://example.org/slides.pdf"])
    title: Text | None = Field(None, description="the link text", examples=["Presentation slides"])

    @model_validator(mode="before")
    @classmethod
    def _bare(cls, value: Any) -> Any:
        if isinstance(value, str):
            key = "url" if re.match(r"^[a-z]+:", value.strip(), re.IGNORECASE) else "file"
            return {key: value}
        return value

    @model_validator(mode="after")
    def _one(self) -> FileOrUrl:
        if not self.file and not self.url:
            raise FieldError(
                "needs a file or a url", "add `file: name.pdf` (a file next to this page) or `url: https://...`"
            )
        if self.file and self.url:
            raise FieldError("has both a file and a url", "keep one of them")
        return self


class Registration(Strict):
    """How to book: a web address alone, or with when booking opens and closes and how full it is."""

    SHORT_FORM: ClassVar[str] = "url"

    url: Url = Field(description="the booking page", examples=["https://example.org/book"])
    opens: When | None = Field(
        None, description="when booking opens (a date, or a date and time)", examples=["2027-01-10"]
    )
    closes: When | None = Field(
        None,
        description="when booking closes; a date alone means the end of that day",
        examples=["2027-02-08 17:00"],
    )
    status: (
        Annotated[Literal["open", "waiting-list", "full", "closed"], choice("open", "waiting-list", "full", "closed")]
        | None
    ) = Field(None, description="open, waiting-list, full or closed (default: open)", examples=["full"])

    @model_validator(mode="before")
    @classmethod
    def _bare(cls, value: Any) -> Any:
        return {"url": value} if isinstance(value, str) else value


def transcript_type(value: Path) -> Path:
    if value.suffix.lower() not in TRANSCRIPT_TYPES:
        raise FieldError(
            f"'{value.name}' is not a transcript file",
            "use the captions file the video host exports (.vtt) or a plain text file (.txt)",
        )
    return value


TRANSCRIPT_TYPES = (".vtt", ".txt")
TranscriptPath = Annotated[Path, BeforeValidator(parse_file), AfterValidator(transcript_type)]


class Recording(Strict):
    """A recording to watch: a web address alone, or with its captions and transcript."""

    SHORT_FORM: ClassVar[str] = "url"

    url: Url = Field(description="where to watch it", examples=["https://www.youtube.com/watch?v=abc123"])
    captions: bool | None = Field(
        None, description="true when the video has checked (not only automatic) captions", examples=["true"]
    )
    transcript: TranscriptPath | None = Field(
        None, description="a .vtt or .txt transcript next to this file", examples=["transcript.vtt"]
    )

    @model_validator(mode="before")
    @classmethod
    def _bare(cls, value: Any) -> Any:
        return {"url": value} if isinstance(value, str) else value


_EVERY_WORDS = {
    "weekly": "week",
    "every week": "week",
    "1 week": "week",
    "fortnight": "2 weeks",
    "fortnightly": "2 weeks",
    "every 2 weeks": "2 weeks",
    "two weeks": "2 weeks",
    "monthly": "month",
    "every month": "month",
    "1 month": "month",
}


def _every_words(value: Any) -> Any:
    if isinstance(value, str):
        return _EVERY_WORDS.get(" ".join(value.lower().split()), value)
    return value


MAX_REPEATS = 200  # a longer run is more than one programme: start a new file for the next one


class _RepeatRule(Strict):
    every: Annotated[
        Literal["week", "2 weeks", "month"],
        choice("week", "2 weeks", "month"),
        BeforeValidator(_every_words),
    ] = Field(description="week, 2 weeks or month (a month keeps the weekday: the 2nd Tuesday)", examples=["month"])
    until: Day | None = Field(None, description="the last date it may happen", examples=["2027-07-31"])
    count: int | None = Field(
        None, ge=1, le=MAX_REPEATS, description="or: how many times it happens in all", examples=["10"]
    )

    @model_validator(mode="after")
    def _ends(self) -> _RepeatRule:
        if self.until is None and self.count is None:
            raise FieldError(
                "a repeat needs an end",
                "add `until:` with the last date (like 2027-07-31), or `count:` with how many times it happens",
            )
        if self.until is not None and self.count is not None:
            raise FieldError("has both `until:` and `count:`", "keep one of them")
        return self


# `except` is a Python keyword, so the model is made with the name as a string.
Repeat = create_model(
    "Repeat",
    __base__=_RepeatRule,
    __doc__="How a session repeats: every week, 2 weeks or month, until a date or a number of times.",
    **{
        "except": (
            _list_of(Day),
            Field(
                default_factory=list,
                description="dates it does not happen (left out of the calendar)",
                examples=["[2027-04-13]"],
            ),
        )
    },
)


class Link(Strict):
    title: Text = Field(description="link text", examples=["Profile"])
    url: Url = Field(description="web address", examples=["https://example.org/profile"])


class SeriesMeta(Strict):
    """A series of events. Every event file in the series folder belongs to it; the text below the front matter describes the series."""

    title: Text = Field(description="the series name", examples=["Learning series: delays in care proceedings"])
    summary: Text | None = Field(
        None, description="one sentence shown in lists", examples=["Four online learning events on delay."]
    )
    image: ImagePath | None = Field(
        None,
        description="picture shown when a link to the series or its events is shared (1200×630), next to this file",
        examples=["share.png"],
    )


class EventMeta(Strict):
    """A learning event. The text below the front matter is its description."""

    title: Text = Field(description="the event's name", examples=["Fostering a one-system mindset and culture"])
    start: When = Field(
        description="local date and time it starts; a date alone means all day", examples=["2023-06-26 14:00"]
    )
    end: When | None = Field(
        None,
        description="local end time (default: an hour after start); for an all-day event, the last day",
        examples=["2023-06-26 15:30"],
    )
    timezone: Zone | None = Field(
        None, description="IANA time zone (default from site.yml)", examples=["Europe/London"]
    )
    format: Annotated[Literal["online", "in-person", "hybrid"], choice("online", "in-person", "hybrid")] = Field(
        "online", description="online, in-person or hybrid", examples=["online"]
    )
    venue: Venue | None = Field(
        None,
        description="where it happens (name, address); needed unless online",
        examples=["{name: Council House, address: Victoria Square}"],
    )
    registration: Registration | None = Field(
        None,
        description="booking page: a web address, or url with opens, closes and status",
        examples=["https://example.org/book"],
    )
    recording: Recording | None = Field(
        None,
        description="recording to watch: a web address, or url with captions and transcript",
        examples=["https://www.youtube.com/watch?v=abc123"],
    )
    repeat: Repeat | None = Field(  # type: ignore[valid-type]
        None,
        description="for a session that repeats: every, and until or count",
        examples=["{every: month, until: 2027-07-31}"],
    )
    cancelled: _list_of(Day) = Field(
        default_factory=list,
        description="dates of a repeating session that are called off (shown as cancelled)",
        examples=["[2027-05-11]"],
    )
    slides: _list_of(FileOrUrl) = Field(
        default_factory=list,
        description="downloads: list of {file or url, title}",
        examples=["- {file: slides.pdf, title: Slides}"],
    )
    chair: PersonRef | None = Field(None, description="who chairs (a person)", examples=["clare-chamberlain"])
    speakers: _list_of(PersonRef) = Field(
        default_factory=list, description="guest speakers (people)", examples=["- lauren-kocan"]
    )
    tags: _list_of(Text) = Field(default_factory=list, description="topics", examples=["[care proceedings]"])
    status: Annotated[Literal["scheduled", "postponed", "cancelled"], choice("scheduled", "postponed", "cancelled")] = (
        Field("scheduled", description="scheduled, postponed or cancelled", examples=["scheduled"])
    )
    contact: Email | None = Field(None, description="email address for questions", examples=["learning@example.org"])
    summary: Text | None = Field(
        None, description="one sentence shown in lists", examples=["How partners join up to cut delay."]
    )
    uid: Text | None = Field(
        None, description="stable calendar id (leave out unless moving a file)", examples=["fostering-2023@example.org"]
    )
    image: ImagePath | None = Field(
        None,
        description="picture shown when a link to the event is shared (1200×630), next to this file",
        examples=["share.png"],
    )


class JournalMeta(Strict):
    """A journal. Every other file in its folder is an issue; the text below the front matter describes the journal."""

    title: Text = Field(description="the journal's name", examples=["Strengthening Families Journal"])
    summary: Text | None = Field(
        None, description="one sentence shown in lists", examples=["Insight from the SFPC programme."]
    )


class Article(Strict):
    title: Text = Field(description="article title", examples=["Five years of the programme"])
    authors: _list_of(PersonRef) = Field(
        default_factory=list,
        description="people who wrote it",
        examples=["- {name: A Writer, organisation: Leeds City Council}"],
    )
    summary: Text | None = Field(None, description="a sentence about it", examples=["What changed and why."])


class IssueMeta(Strict):
    """An issue of a journal, with its articles. The text below the front matter introduces the issue."""

    title: Text = Field(description="the issue's theme", examples=["Sustaining change for children and families"])
    issue: Annotated[int, Field(ge=1)] = Field(description="issue number", examples=["6"])
    published: Day = Field(description="publication date", examples=["2024-03-20"])
    pdf: FileOrUrl | None = Field(
        None, description="the issue to download: {file or url}", examples=["{file: issue-6.pdf}"]
    )
    cover: FilePath | None = Field(None, description="cover image next to this page", examples=["cover.png"])
    articles: _list_of(Article) = Field(
        default_factory=list,
        description="list of {title, authors, summary}",
        examples=["- {title: ..., authors: [...]}"],
    )
    tags: _list_of(Text) = Field(default_factory=list, description="topics", examples=["[sustaining change]"])
    summary: Text | None = Field(None, description="one sentence shown in lists", examples=["How change lasts."])


class WeekMeta(Strict):
    """A practice week. Every other file in its folder is a visit note; the text below the front matter introduces the week."""

    title: Text = Field(description="the week's name", examples=["Practice week 2023"])
    start: Day | None = Field(None, description="first day", examples=["2023-10-09"])
    end: Day | None = Field(None, description="last day", examples=["2023-10-13"])
    summary: Text | None = Field(
        None, description="one sentence shown in lists", examples=["Six visits across England and Wales."]
    )


class Quote(Strict):
    text: Text = Field(description="what they said", examples=["It was inspiring."])
    by: PersonRef | None = Field(None, description="who said it (a person)", examples=["jude-eyre"])


class VisitMeta(Strict):
    """A note of one practice-week visit. The text below the front matter is the note."""

    title: Text = Field(description="the visit's title", examples=["Visiting YMCA Leicestershire"])
    date: Day = Field(description="day of the visit", examples=["2023-10-09"])
    place: Text = Field(description="town or city", examples=["Leicester"])
    nation: Annotated[
        Literal["England", "Wales", "Scotland", "Northern Ireland"] | None,
        choice("England", "Wales", "Scotland", "Northern Ireland"),
    ] = Field(None, description="England, Wales, Scotland or Northern Ireland", examples=["England"])
    organisations: _list_of(Text) = Field(
        default_factory=list, description="who was visited", examples=["[YMCA Leicestershire]"]
    )
    team: _list_of(PersonRef) = Field(
        default_factory=list, description="who visited (people)", examples=["[lisa-harker]"]
    )
    quotes: _list_of(Quote) = Field(
        default_factory=list, description="list of {text, by}", examples=["- {text: ..., by: jude-eyre}"]
    )
    tags: _list_of(Text) = Field(default_factory=list, description="topics", examples=["[practice week]"])
    summary: Text | None = Field(
        None, description="one sentence shown in lists", examples=["Wrap-around care for young people."]
    )
    image: ImagePath | None = Field(
        None,
        description="a photo from the visit, shown on its card and when a link to it is shared, next to this file",
        examples=["visit.jpg"],
    )


class PersonMeta(Strict):
    """A person who chairs, speaks, writes or visits. The text below the front matter is their biography."""

    name: Text = Field(description="full name as it should appear", examples=["Clare Chamberlain"])
    role: Text | None = Field(None, description="current role", examples=["Executive Director of Children's Services"])
    organisation: Text | None = Field(None, description="current organisation", examples=["City of London"])
    photo: FilePath | None = Field(
        None,
        description="a photo next to this file (shown square: cut around its centre)",
        examples=["clare-chamberlain.jpg"],
    )
    links: _list_of(Link) = Field(
        default_factory=list, description="list of {title, url}", examples=["- {title: Profile, url: https://...}"]
    )


class PageMeta(Strict):
    """Any other page, such as the accessibility statement. The text below the front matter is the page."""

    title: Text = Field(description="page title", examples=["About this site"])
    summary: Text | None = Field(None, description="one sentence", examples=["Who we are."])
    order: int | None = Field(None, description="position in the menu (lower first)", examples=["1"])
    footer: bool = Field(False, description="also link to this page from every page's footer", examples=["true"])


# Each kind of content file and its model: `check`, the guide and the editor's forms all read this.
MODELS: dict[str, type[Strict]] = {
    "series": SeriesMeta,
    "event": EventMeta,
    "journal": JournalMeta,
    "issue": IssueMeta,
    "week": WeekMeta,
    "visit": VisitMeta,
    "person": PersonMeta,
    "page": PageMeta,
}


# --- turning pydantic's errors into problems a person can act on ------------


def inner_models(annotation: Any) -> list[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    found: list[type[BaseModel]] = []
    for arg in typing.get_args(annotation):
        found.extend(inner_models(arg))
    return found


def _keys_at(model: type[BaseModel], loc: tuple) -> list[str]:
    models = [model]
    for part in loc:
        if isinstance(part, int):
            continue
        nxt: list[type[BaseModel]] = []
        for m in models:
            f = m.model_fields.get(part)
            if f is not None:
                nxt.extend(inner_models(f.annotation))
        models = nxt or models
    keys: list[str] = []
    for m in models:
        keys.extend(k for k in m.model_fields if k not in keys)
    return keys


_TYPE_WORDS = {
    "string_type": ("should be text", "write plain text after the colon"),
    "list_type": ("should be a list", "put each item on its own line starting with '- '"),
    "model_type": (
        "should be a group of fields",
        "put the fields under it on the lines below, each with two spaces before it, like '  name: ...'",
    ),
    "model_attributes_type": (
        "should be a group of fields",
        "put the fields under it on the lines below, each with two spaces before it, like '  name: ...'",
    ),
    "dict_type": ("should be a group of fields", "indent the fields under it"),
    "int_type": ("should be a whole number", "write a number such as 6"),
    "int_parsing": ("should be a whole number", "write a number such as 6"),
    "int_from_float": ("should be a whole number", "write a number such as 6"),
    "greater_than_equal": ("is too small", "use 1 or more"),
    "string_too_short": ("is empty", "write some text after the colon"),
    "too_short": ("is empty", "write some text after the colon"),
    "bool_type": ("should be true or false", "write true or false"),
}


# The most characters a field should hold, by field name. Past these a value is not
# what anyone meant (a paragraph pasted into a title): it still builds, in the same
# time per character as any other text, but `check` warns.
LIMITS = {
    "title": 150,
    "summary": 300,
    "name": 100,
    "role": 100,
    "organisation": 100,
    "organisations": 100,
    "place": 100,
    "address": 200,
    "tags": 60,
    "text": 1000,
}
_SHORTEN = {
    "title": "shorten it to a few words, and put the detail in the text below the front matter",
    "summary": "keep it to one sentence, and put the rest in the text below the front matter",
    "text": "quote the sentence or two that matter most",
}


def too_long(meta: BaseModel, doc, path: tuple = ()) -> list[Problem]:
    """A warning for each text field longer than its limit (LIMITS), nested ones too."""
    found: list[Problem] = []
    for name in type(meta).model_fields:
        value = getattr(meta, name)
        items = list(enumerate(value)) if isinstance(value, list) else [(None, value)]
        for n, item in items:
            loc = (*path, name) if n is None else (*path, name, n)
            if isinstance(item, BaseModel):
                found += too_long(item, doc, loc)
            elif isinstance(item, str) and name in LIMITS and len(item) > LIMITS[name]:
                fix = _SHORTEN.get(name, "keep it short (a name, a job title), and put any detail in the text below")
                message = f"is {len(item):,} characters long, over the limit of {LIMITS[name]}"
                where = field_names.describe(loc, doc.meta)
                found.append(Problem(doc.rel, doc.line_at(loc), where, message, fix, "warning"))
    return found


def validate(model: type[BaseModel], doc, context: dict, kind: str) -> tuple[BaseModel | None, list[Problem]]:
    """Validate a document's front matter; return the model and its warnings, or every problem in it."""
    try:
        meta = model.model_validate(doc.meta, context=context)
        return meta, too_long(meta, doc)
    except ValidationError as exc:
        return None, [_problem(model, doc, err, kind) for err in exc.errors(include_url=False)]


def _problem(model: type[BaseModel], doc, err: dict, kind: str) -> Problem:
    """One of pydantic's errors as a problem: at the line of the item it is about, in words."""
    loc = tuple(p for p in err["loc"] if not (isinstance(p, str) and ("[" in p or p.startswith("function-"))))
    loc = _as_written(loc, doc.meta)
    line = doc.line_at(loc)
    field = field_names.describe(loc, doc.meta)
    etype = err["type"]
    original = (err.get("ctx") or {}).get("error")
    if isinstance(original, FieldError):
        return Problem(doc.rel, line, field, original.message, original.fix)
    if etype == "missing":
        name = loc[-1] if loc else "field"
        example = _example(model, loc)
        fix = f"add a line like `{name}: {example}`" if example else f"add `{name}:` with a value"
        if len(loc) == 1:
            line = doc.line(None)
        return Problem(doc.rel, line, field, "this required field is missing", fix)
    if etype == "extra_forbidden":
        return _unknown_field(model, doc, loc, kind, line)
    if etype in _TYPE_WORDS:
        message, fix = _TYPE_WORDS[etype]
        if isinstance(err.get("input"), (str, int, float)) and etype not in ("string_too_short", "too_short"):
            message = f"{message} (found {err['input']!r})"
        return Problem(doc.rel, line, field, message, fix)
    return Problem(doc.rel, line, field, err["msg"], "")


def _as_written(loc: tuple, raw: Any) -> tuple:
    """`loc` cut at a value written in its short form: `recording: javascript:…` is reported
    on `recording`, not on the `url` the short form stands for."""
    value = raw
    for i, part in enumerate(loc):
        if isinstance(value, dict) and isinstance(part, str):
            value = value.get(part)
        elif isinstance(value, list) and isinstance(part, int) and part < len(value):
            value = value[part]
        elif value is not None and not isinstance(value, (dict, list)) and i > 0:
            return loc[:i]
        else:
            return loc
    return loc


_CURLY = "‘’‚‛“”„‟"
_QUOTES = _CURLY + "'\"` "


def _unknown_field(model: type[BaseModel], doc, loc: tuple, kind: str, line: int | None) -> Problem:
    """A key the model does not have: quoted by mistake, indented under the wrong field,
    or misspelt; the problem names where it is and what was probably meant."""
    name, parent = str(loc[-1]), loc[:-1]
    where = field_names.describe(parent, doc.meta) if parent else name
    holder = field_names.kind_of(parent, kind)
    allowed = _keys_at(model, parent)
    message = f"'{name}' is not a field {holder} can have"
    bare = name.strip(_QUOTES)
    if bare != name and bare in allowed:
        curly = any(q in name for q in _CURLY)
        how = "curly quotes around it, as Word and Outlook type them" if curly else "quotes around it"
        return Problem(
            doc.rel, line, where, f"the field name {name} has {how}", f"field names need none: write `{bare}:`"
        )
    fix = _misplaced(model, doc, loc, kind)
    if fix is None:
        close = difflib.get_close_matches(name.lower(), allowed, n=1, cutoff=0.5)
        fix = (f"did you mean `{close[0]}`? " if close else "") + "the fields it can have: " + ", ".join(allowed)
    return Problem(doc.rel, line, where, message, fix)


def _misplaced(model: type[BaseModel], doc, loc: tuple, kind: str) -> str | None:
    """How to move a key that belongs one level up or down: a venue's `registration:` that
    is the event's, or a `name:` left at the margin under `venue:`; None if it is neither."""
    name = str(loc[-1])
    if len(loc) > 1 and name in model.model_fields:
        whole = kind.split(" ", 1)[-1]  # "an event" -> "event"
        return (
            f"`{name}:` is a field of the {whole}, not of {field_names.in_words(loc[:-1], doc.meta)}: "
            f"remove the spaces before it, so that it lines up with `{loc[0]}:`"
        )
    if len(loc) == 1:
        above = _key_above(model, doc, name)
        if above is not None and name in _keys_at(model, (above,)):
            return (
                f"put two spaces before it, so that it sits inside `{above}:` (it is a field of {_group_words(above)})"
            )
    return None


def _group_words(key: str) -> str:
    return field_names.in_words((key,), {}).strip("`")


def _key_above(model: type[BaseModel], doc, name: str) -> str | None:
    """The nearest key of the model written above `name`, passing over other keys it does not have."""
    if name not in doc.key_lines:
        return None
    earlier = sorted((line, key) for key, line in doc.key_lines.items() if line < doc.key_lines[name])
    for _, key in reversed(earlier):
        if key in model.model_fields:
            return key
    return None


def _example(model: type[BaseModel], loc: tuple) -> str:
    models = [model]
    for part in loc[:-1]:
        if isinstance(part, int):
            continue
        nxt = []
        for m in models:
            f = m.model_fields.get(part)
            if f is not None:
                nxt.extend(inner_models(f.annotation))
        models = nxt or models
    for m in models:
        f = m.model_fields.get(loc[-1]) if loc else None
        if f is not None and f.examples:
            return str(f.examples[0])
    return ""
