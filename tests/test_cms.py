"""The browser editor's forms (generator/authoring/cms.py) come from the schema `check`
uses: every field has a form field and no form field is not a field, choices are
select lists, required fields are required, dates are written in the front matter's
own format, addresses are checked by pattern; and only /admin/ loads the editor."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from pydantic import BaseModel

from generator.authoring import archetypes, cms
from generator.authoring.cms import model_fields
from generator.content import schema
from generator.content.reader import ContentLoader
from generator.content.settings import Editor
from generator.identity import PLACEHOLDER_BODIES, PLACEHOLDER_SUMMARIES

from .helpers import skip_or_fail

GROUPS = {
    "events": [("delays-in-care-proceedings", "Learning series: delays")],
    "journal": [("strengthening-families", "Strengthening Families Journal")],
    "practice-week": [("2023", "Practice week 2023")],
}
# collection name -> the model its forms are made from
MODELS = {
    "series": schema.SeriesMeta,
    "events": schema.EventMeta,
    "events-delays-in-care-proceedings": schema.EventMeta,
    "journals": schema.JournalMeta,
    "issues-strengthening-families": schema.IssueMeta,
    "weeks": schema.WeekMeta,
    "visits-2023": schema.VisitMeta,
    "people": schema.PersonMeta,
    "pages": schema.PageMeta,
}


def _collections() -> dict[str, dict]:
    return {c["name"]: c for c in cms.collections(GROUPS, ["care proceedings"])}


def _mismatches(model: type[BaseModel], fields: list[dict], where: str) -> list[str]:
    found = []
    names = [f["name"] for f in fields]
    expected = list(model.model_fields)
    found += [f"{where}: schema field '{n}' has no form field" for n in expected if n not in names]
    found += [f"{where}: form field '{n}' is not in the schema" for n in names if n not in expected]
    for field in fields:
        info = model.model_fields.get(field["name"])
        if info is None:
            continue
        models = schema.inner_models(info.annotation)
        inner = models[0] if models else None
        if inner is not None and field["widget"] in ("object", "list") and "fields" in field:
            found += _mismatches(inner, field["fields"], f"{where}.{field['name']}")
        elif inner is not None:
            found.append(f"{where}.{field['name']}: holds {inner.__name__} but its form has no fields")
    return found


def test_every_content_type_has_a_collection():
    found = _collections()
    assert set(MODELS) == set(found), sorted(found)


@pytest.mark.parametrize("name", list(MODELS))
def test_every_schema_field_has_a_form_field_and_back(name: str):
    collection = _collections()[name]
    fields = [f for f in collection["fields"] if f["name"] != "body"]
    assert [f["name"] for f in collection["fields"]][-1] == "body"
    assert _mismatches(MODELS[name], fields, name) == []


def test_the_check_catches_a_missing_and_an_extra_form_field():
    fields = [{"name": "title", "widget": "string"}, {"name": "colour", "widget": "string"}]
    problems = _mismatches(schema.SeriesMeta, fields, "series")
    assert "series: schema field 'summary' has no form field" in problems
    assert "series: form field 'colour' is not in the schema" in problems


def test_labels_hints_and_required_come_from_the_schema():
    fields = {f["name"]: f for f in _collections()["events"]["fields"]}
    for name, info in schema.EventMeta.model_fields.items():
        assert fields[name]["label"], name
        assert fields[name]["required"] is info.is_required(), name
        assert info.description and info.description.lower() in fields[name]["hint"].lower(), name
    assert fields["title"]["required"] and fields["start"]["required"] and not fields["end"]["required"]


def test_choices_are_select_lists():
    events = {f["name"]: f for f in _collections()["events"]["fields"]}
    visits = {f["name"]: f for f in _collections()["visits-2023"]["fields"]}
    assert events["format"] == {**events["format"], "widget": "select", "options": ["online", "in-person", "hybrid"]}
    assert events["status"]["options"] == ["scheduled", "postponed", "cancelled"]
    assert visits["nation"]["options"] == ["England", "Wales", "Scotland", "Northern Ireland"]


def test_dates_are_written_as_the_front_matter_has_them():
    events = {f["name"]: f for f in _collections()["events"]["fields"]}
    issues = {f["name"]: f for f in _collections()["issues-strengthening-families"]["fields"]}
    assert events["start"]["widget"] == "datetime" and events["start"]["format"] == "YYYY-MM-DD HH:mm"
    assert issues["published"]["format"] == "YYYY-MM-DD" and issues["published"]["time_format"] is False
    # What those formats write, the schema reads as the local time it was typed in.
    assert schema.parse_when("2027-04-21 10:00") is not None
    assert str(schema.parse_day("2024-03-20")) == "2024-03-20"


@pytest.mark.parametrize(
    "value", ["learning@example.org", "a.b@c.org.uk", "learning@", "@example.org", "learning example@x.org", "x@y"]
)
def test_the_email_pattern_agrees_with_check(value: str):
    pattern = {f["name"]: f for f in _collections()["events"]["fields"]}["contact"]["pattern"][0]
    try:
        schema.parse_email(value)
        accepted = True
    except ValueError:
        accepted = False
    assert bool(re.search(pattern, value)) is accepted, value


@pytest.mark.parametrize("value", ["https://example.org/book", "http://example.org", "www.example.org", "example"])
def test_the_web_address_pattern_agrees_with_check(value: str):
    registration = {f["name"]: f for f in _collections()["events"]["fields"]}["registration"]
    pattern = {f["name"]: f for f in registration["fields"]}["url"]["pattern"][0]
    try:
        schema.parse_url(value)
        accepted = True
    except ValueError:
        accepted = False
    assert bool(re.search(pattern, value)) is accepted, value


def test_a_running_programme_s_fields_are_groups_and_date_lists_in_the_form():
    events = {f["name"]: f for f in _collections()["events"]["fields"]}
    assert [f["name"] for f in events["registration"]["fields"]] == ["url", "opens", "closes", "status"]
    status = {f["name"]: f for f in events["registration"]["fields"]}["status"]
    assert status["options"] == ["open", "waiting-list", "full", "closed"]
    recording = {f["name"]: f for f in events["recording"]["fields"]}
    assert recording["captions"]["widget"] == "boolean" and recording["transcript"]["widget"] == "file"
    repeat = {f["name"]: f for f in events["repeat"]["fields"]}
    assert repeat["every"]["options"] == ["week", "2 weeks", "month"]
    for dates in (repeat["except"], events["cancelled"]):  # a date picker per date, written as check reads it
        assert dates["widget"] == "list" and dates["field"]["widget"] == "datetime"
        assert dates["field"]["format"] == "YYYY-MM-DD" and dates["field"]["time_format"] is False
    # Inside a group left empty, nothing is required; check holds a filled one to the schema.
    assert not any(f["required"] for f in events["repeat"]["fields"])


def test_short_values_are_named_for_the_editor_from_the_schema():
    assert cms.short_forms() == {
        "registration": "url",
        "recording": "url",
        "chair": "id",
        "speakers": "id",
        "team": "id",
    }


def test_people_are_chosen_from_content_people_or_typed_in():
    events = {f["name"]: f for f in _collections()["events"]["fields"]}
    chair = {f["name"]: f for f in events["chair"]["fields"]}
    assert chair["id"]["widget"] == "relation" and chair["id"]["collection"] == "people"
    assert chair["id"]["value_field"] == "{{slug}}"  # the file name, which is the id check looks up
    assert {"name", "role", "organisation"} <= set(chair)
    assert {f["name"] for f in events["speakers"]["fields"]} == set(schema.PersonRef.model_fields)
    for group in (events["speakers"], {f["name"]: f for f in _collections()["visits-2023"]["fields"]}["team"]):
        assert {f["name"]: f for f in group["fields"]}["id"]["widget"] == "relation", group["name"]


def test_files_go_beside_the_page():
    for collection in _collections().values():
        assert collection["media_folder"] == "" and collection["public_folder"] == "", collection["name"]
    events = {f["name"]: f for f in _collections()["events"]["fields"]}
    slides = {f["name"]: f for f in events["slides"]["fields"]}
    assert slides["file"]["widget"] == "file" and events["image"]["widget"] == "image"


def test_events_are_made_in_a_series_folder_or_on_their_own():
    found = _collections()
    assert found["events-delays-in-care-proceedings"]["folder"] == "content/events/delays-in-care-proceedings"
    assert found["events"]["folder"] == "content/events"
    assert found["series"]["path"] == "{{slug}}/_series"


def test_files_are_named_as_new_names_them():
    assert yaml.safe_load(cms.config(GROUPS, []))["slug"] == {
        "encoding": "ascii",
        "clean_accents": True,  # Café Ŵ: cafe-w
        "sanitize_replacement": "-",
    }
    found = _collections()
    assert found["issues-strengthening-families"]["slug"] == "issue-{{fields.issue}}"
    assert found["visits-2023"]["slug"] == "{{fields.place}}"


def test_a_week_is_made_in_the_folder_of_the_year_it_starts():
    weeks = _collections()["weeks"]
    assert weeks["create"] is True
    # Decap lowercases the path's template (date('YYYY') would not be the year) but not the slug's.
    assert weeks["slug"] == "{{fields.start | date('YYYY')}}" and weeks["path"] == "{{slug}}/_week"
    fields = {f["name"]: f for f in weeks["fields"]}
    assert fields["start"]["required"] and fields["end"]["required"]  # as `new week` asks for both
    assert not schema.WeekMeta.model_fields["start"].is_required()  # while check still reads a week without


def test_a_topic_offers_the_topics_in_use():
    for name in ("events", "issues-strengthening-families", "visits-2023"):
        tags = {f["name"]: f for f in _collections()[name]["fields"]}["tags"]
        assert tags["widget"] == "list" and tags["field"]["widget"] == "topic", name
        assert tags["field"]["topics"] == ["care proceedings"] and tags["field"]["label"] == "Topic", name
    assert 'CMS.registerWidget("topic"' in (cms.ADMIN / "editor.js").read_text(encoding="utf-8")


def test_the_built_site_has_the_editor_and_no_other_page_loads_it(site: Path):
    missing = cms.bundle_missing()
    if missing:
        skip_or_fail(f"EDITOR NOT BUILT: {missing}")
    admin = site / "admin"
    config = yaml.safe_load((admin / "config.yml").read_text(encoding="utf-8"))
    names = {c["name"] for c in config["collections"]}
    assert {"series", "events", "people", "pages"} <= names
    assert any(n.startswith("events-") for n in names) and any(n.startswith("issues-") for n in names)
    assert (admin / cms.BUNDLE).stat().st_size > 1_000_000
    page = (admin / "index.html").read_text(encoding="utf-8")
    assert 'src="decap-cms.js"' in page and 'name="robots" content="noindex"' in page
    layouts = json.loads(re.search(r"window\.lxLayouts = (\{.*?\});", page)[1])
    assert layouts == {cms.FORMAT + kind: cms.layout(kind) for kind in KIND_MODELS}
    assert {c["format"] for c in config["collections"]} <= set(layouts)
    loading = [
        p.relative_to(site).as_posix()
        for p in site.rglob("*.html")
        if "decap-cms" in p.read_text(encoding="utf-8", errors="replace")
    ]
    assert loading == ["admin/index.html"]


def test_without_a_repository_the_editor_saves_only_on_this_computer():
    data = yaml.safe_load(cms.config(GROUPS, []))
    assert data["backend"] == {"name": "proxy", "proxy_url": cms.LOCAL}
    assert "publish_mode" not in data


def test_with_a_repository_a_save_opens_a_pull_request_on_github():
    editor = Editor(
        repository="https://github.com/example-org/learning-site.git", auth_url="https://auth.example.org/sign-in"
    )
    data = yaml.safe_load(cms.config(GROUPS, [], editor=editor))
    assert data["backend"] == {
        "name": "github",
        "repo": "example-org/learning-site",
        "branch": "main",
        "base_url": "https://auth.example.org",
        "auth_endpoint": "sign-in",
    }
    assert data["publish_mode"] == "editorial_workflow"  # a save opens a pull request; publishing merges it
    assert data["local_backend"] == {"url": cms.LOCAL}  # and `make edit` still saves on this computer


def test_a_repository_that_is_not_owner_and_name_is_explained():
    with pytest.raises(ValueError, match="is not a GitHub repository"):
        Editor(repository="learning-site")


# --- a new entry made in the form is the file `new` makes for the same answers ----------

# The editor's own script (admin/editor.js) run in Node with Decap stubbed out: the format
# it registers for each kind writes the form's data, and prints what it wrote.
_HARNESS = r"""
const input = JSON.parse(require("fs").readFileSync(0, "utf8"));
const formats = {};
global.window = { lxLayouts: input.layouts };
global.jsyaml = require(input.yaml);
global.CMS = {
  getBackend() {}, registerPreviewStyle() {}, registerPreviewTemplate() {}, registerWidget() {},
  registerEventListener() {}, registerCustomFormat(name, extension, format) { formats[name] = format; },
};
global.fetch = () => new Promise(() => {});
global.createClass = spec => spec;
require(input.editor);
// Decap ends a file with a newline when the format does not (backend.ts, entryToRaw).
const made = input.cases.map(c => formats[c.format].toFile(c.data, c.order)).map(t => t.endsWith("\n") ? t : t + "\n");
process.stdout.write(JSON.stringify(made));
"""

SUMMARY = "Leaders and partners share what works."
BODY = "We meet in Swansea.\n\nBring a colleague."

# (kind, title, new's answers by option, as `new` reads them)
SAME_ANSWERS = [
    ("event", "Leaders and partners in Swansea", {"--start": "2027-06-10 14:00", "--end": "2027-06-10 15:30"}),
    ("event", "Late: a talk after dark", {"--start": "2027-06-10 23:30"}),  # no end: the comment an hour on
    ("series", "Hearing children", {}),
    ("journal", "Practice Notes", {}),
    ("issue", "Relationships matter", {"--published": "2027-03-20"}),
    ("week", "Practice week 2025", {"--start": "2025-10-06", "--end": "2025-10-10"}),
    ("visit", "Family support", {"--place": "Newport: Gwent", "--nation": "Wales", "--date": "2023-10-11"}),
    ("person", "Mair Ŵyn-Jones", {}),
    ("page", "Privacy notice", {}),
]
ISSUE = 7
KIND_MODELS = {
    "event": schema.EventMeta,
    "series": schema.SeriesMeta,
    "journal": schema.JournalMeta,
    "issue": schema.IssueMeta,
    "week": schema.WeekMeta,
    "visit": schema.VisitMeta,
    "person": schema.PersonMeta,
    "page": schema.PageMeta,
}


def _written_by_new(kind: str, title: str, answers: dict[str, str], summary: str, body: str) -> str:
    """The file `new` writes for these answers, with its placeholder summary and body replaced."""
    text = archetypes.render(kind, archetypes.context(kind, title, answers, ISSUE if kind == "issue" else None))
    text = text.replace(f"summary: {PLACEHOLDER_SUMMARIES.get(kind)}\n", f"summary: {summary}\n" if summary else "")
    return text.replace(f"\n\n{PLACEHOLDER_BODIES[kind]}\n", f"\n\n{body}\n" if body else "\n")


def _form_data(kind: str, title: str, answers: dict[str, str], **more) -> dict:
    """What the form holds for the same answers: each select at its default, as Decap starts it."""
    layout = cms.layout(kind)
    data = {**layout["defaults"], layout["marks"]["title"]: title, "body": BODY}
    if "summary" in KIND_MODELS[kind].model_fields:
        data["summary"] = SUMMARY
    for q in archetypes.QUESTIONS.get(kind, ()):
        if q.field and q.flag in answers:
            data[q.field] = answers[q.flag]
    if kind == "issue":
        data["issue"] = ISSUE
    return {**data, **more}


def _made_in_the_form(cases: list[tuple[str, dict]]) -> list[str]:
    """What editor.js writes for each (kind, form data) of a new entry."""
    if cms.bundle_missing() or shutil.which("node") is None:
        skip_or_fail(f"EDITOR'S SAVES NOT TESTED: {cms.bundle_missing() or 'node is not installed'}")
    fields = {kind: [f["name"] for f in model_fields(model)] + ["body"] for kind, model in KIND_MODELS.items()}
    given = {
        "layouts": {cms.FORMAT + kind: cms.layout(kind) for kind in KIND_MODELS},
        "yaml": str(cms.YAML_PACKAGE / "js-yaml.min.js"),
        "editor": str(cms.ADMIN / "editor.js"),
        "cases": [{"format": cms.FORMAT + kind, "data": data, "order": fields[kind]} for kind, data in cases],
    }
    result = subprocess.run(
        ["node", "-e", _HARNESS], input=json.dumps(given), capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_a_new_entry_from_the_form_is_the_file_new_writes_for_the_same_answers():
    cases = [(kind, _form_data(kind, title, answers)) for kind, title, answers in SAME_ANSWERS]
    made = _made_in_the_form(cases)
    for (kind, title, answers), text in zip(SAME_ANSWERS, made, strict=True):
        summary = SUMMARY if kind in PLACEHOLDER_SUMMARIES else ""
        assert text == _written_by_new(kind, title, answers, summary, BODY), (kind, title)


@pytest.mark.parametrize(
    "title",
    ["Title: with colon", "yes", "null", "true", "12", "1e3", "0x1f", ".inf", "#1 in care", "it's", '"Quoted"', "- x"]
    + ["a # b", "Café Ŵ", "<<", "=", "[draft]", "@home", "%x", "1_000", "+12", ".5", "~", "2027-06-10", "Q&A: *live*"],
)
def test_a_title_is_written_bare_or_quoted_as_new_writes_it(title: str):
    (made,) = _made_in_the_form([("page", _form_data("page", title, {}))])
    assert made == _written_by_new("page", title, {}, SUMMARY, BODY)
    assert yaml.load(made.split("---\n")[1], Loader=ContentLoader)["title"] == title


def test_what_the_form_fills_in_replaces_new_s_comment_and_what_it_leaves_empty_stays_out():
    data = _form_data(
        "event",
        "Leaders and partners in Swansea",
        SAME_ANSWERS[0][2],
        venue={"name": "Guildhall", "address": "Swansea SA1 4PE"},
        status="cancelled",
        uid="leaders-2027",
        summary="",
        body="",
        chair={},
    )
    (made,) = _made_in_the_form([("event", data)])
    expected = _written_by_new("event", data["title"], SAME_ANSWERS[0][2], "", "")
    expected = expected.replace(
        "# venue:\n#   name: Council House\n#   address: Victoria Square, Birmingham B1 1BB\n",
        "venue:\n  name: Guildhall\n  address: Swansea SA1 4PE\n",
    )
    expected = expected.replace("# status: scheduled\n", "status: cancelled\n")
    assert expected.endswith("\n# image: share.png\n---\n")  # no summary, no text: the file ends here
    assert made == expected.removesuffix("---\n") + "uid: leaders-2027\n---\n"  # a key new never names: at the end


def test_the_layouts_in_the_editor_are_new_s_templates():
    for kind, model in KIND_MODELS.items():
        found = cms.layout(kind)
        keys = [slot["key"] for slot in found["slots"] if "key" in slot]
        assert set(keys) <= set(model.model_fields), kind
        assert set(found["marks"].values()) <= set(model.model_fields), kind
        assert found["after"] == "\n{{body}}\n", kind
    event = cms.layout("event")
    assert [s.get("key") for s in event["slots"] if "comment" not in s] == [
        "title", "start", "end", "format", "summary", None
    ]  # fmt: skip
    assert {"key": "end", "comment": ["# end: {{end_example}}"]} in event["slots"]
    assert event["defaults"] == {"format": "online", "status": "scheduled"}
    assert cms.layout("issue")["marks"]["number"] == "issue"
    assert {"key": "photo", "comment": ["# photo: {{slug}}.jpg"]} in cms.layout("person")["slots"]


@pytest.mark.parametrize("start", ["2027-01-29 10:00", "2027-10-31", "2027-12-14 09:30", "2028-02-29 18:00"])
def test_the_commented_booking_and_repeat_dates_fit_the_start_as_new_fits_them(start: str):
    """A 5th Friday repeats as the last; a run crosses the year; an all-day start has no time."""
    title, answers = "Practice clinic", {"--start": start}
    (made,) = _made_in_the_form([("event", _form_data("event", title, answers))])
    assert made == _written_by_new("event", title, answers, SUMMARY, BODY)
