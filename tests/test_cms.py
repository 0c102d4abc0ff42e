"""The browser editor's forms (generator/authoring/cms.py) come from the schema `check`
uses: every field has a form field and no form field is not a field, choices are
select lists, required fields are required, dates are written in the front matter's
own format, addresses are checked by pattern; and only /admin/ loads the editor."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from pydantic import BaseModel

from generator.authoring import cms
from generator.content import schema
from generator.content.settings import Editor

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
    pattern = {f["name"]: f for f in _collections()["events"]["fields"]}["registration"]["pattern"][0]
    try:
        schema.parse_url(value)
        accepted = True
    except ValueError:
        accepted = False
    assert bool(re.search(pattern, value)) is accepted, value


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
