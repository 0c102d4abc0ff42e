"""Publishing and starting a new site: the GitHub Pages workflow and `new-site`."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from .helpers import NOW, REPO

WORKFLOW = REPO / ".github" / "workflows" / "publish.yml"
CHECK_WORKFLOW = REPO / ".github" / "workflows" / "check.yml"
NETLIFY_DAILY = REPO / ".github" / "workflows" / "netlify-daily.yml"
CHECK_JSONSCHEMA = Path(sys.executable).parent / "check-jsonschema"


def validate_workflow(path: Path) -> subprocess.CompletedProcess:
    """check-jsonschema with the GitHub workflow schema it ships, and no network: a
    network namespace of its own where the system allows, and proxies that lead nowhere."""
    env = {**os.environ, "HTTP_PROXY": "http://127.0.0.1:9", "HTTPS_PROXY": "http://127.0.0.1:9", "NO_PROXY": ""}
    cmd = [str(CHECK_JSONSCHEMA), "--builtin-schema", "vendor.github-workflows", str(path)]
    if shutil.which("unshare") and subprocess.run(["unshare", "-n", "true"], capture_output=True).returncode == 0:
        cmd = ["unshare", "-n", *cmd]
    return subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=120)


@pytest.mark.parametrize(
    "workflow", [WORKFLOW, CHECK_WORKFLOW, NETLIFY_DAILY], ids=["publish", "check", "netlify-daily"]
)
def test_workflow_matches_githubs_schema(workflow: Path):
    result = validate_workflow(workflow)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "ok -- validation done" in result.stdout


def test_every_pull_request_is_checked_with_annotations_and_built():
    flow = yaml.safe_load(CHECK_WORKFLOW.read_text(encoding="utf-8"))
    assert "pull_request" in flow[True]  # YAML 1.1 reads the key `on` as true
    steps = flow["jobs"]["check"]["steps"]
    runs = [s.get("run", "") for s in steps]
    assert any(r.endswith("python -m generator check --format github") for r in runs)
    assert "make site" in runs
    assert flow["permissions"] == {"contents": "read"}


def test_the_site_is_published_every_morning_and_by_hand():
    """Upcoming events and closed bookings move on without a push."""
    flow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    on = flow[True]
    assert on["schedule"] == [{"cron": "0 5 * * *"}]
    assert "workflow_dispatch" in on and on["push"] == {"branches": ["main"]}


def test_a_netlify_site_gets_its_daily_build_from_a_build_hook_once_the_secret_is_set():
    flow = yaml.safe_load(NETLIFY_DAILY.read_text(encoding="utf-8"))
    assert flow[True]["schedule"] == [{"cron": "0 5 * * *"}]
    job = flow["jobs"]["build-hook"]
    assert job["env"]["HOOK"] == "${{ secrets.NETLIFY_BUILD_HOOK }}"
    call, missing = job["steps"]
    assert call["if"] == "env.HOOK != ''" and call["run"].startswith("curl --fail") and '"$HOOK"' in call["run"]
    assert missing["if"] == "env.HOOK == ''" and "::notice::" in missing["run"]
    assert flow["permissions"] == {}  # the hook's address is all it needs
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert "NETLIFY_BUILD_HOOK" in readme and "netlify-daily.yml" in readme


def test_the_build_says_which_now_it_used(tmp_path):
    from .helpers import make_project, run_cli

    root = make_project(tmp_path)
    given = run_cli(root, "build", "--now", "2026-12-05T05:00:00+00:00")
    assert given.returncode == 0, given.stderr
    assert given.stdout.splitlines()[0] == (
        "Now is 2026-12-05 05:00 UTC (given with --now): events that ended before then are past."
    )
    epoch = subprocess.run(
        [sys.executable, "-m", "generator", "--root", str(root), "build"],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "SOURCE_DATE_EPOCH": "1796126400"},
    )
    assert epoch.stdout.startswith("Now is 2026-12-01 12:00 UTC (from SOURCE_DATE_EPOCH):"), epoch.stdout


def test_netlify_builds_deploy_previews_of_the_site():
    config = tomllib.loads((REPO / "netlify.toml").read_text(encoding="utf-8"))
    assert config["build"] == {**config["build"], "command": "make site", "publish": "build/site"}


def test_schema_check_can_fail(tmp_path):
    broken = tmp_path / "broken.yml"
    broken.write_text(WORKFLOW.read_text(encoding="utf-8").replace("runs-on:", "runs_on:", 1), encoding="utf-8")
    result = validate_workflow(broken)
    assert result.returncode == 1
    assert "runs_on" in result.stdout


def test_workflow_builds_with_full_history_and_publishes_the_site():
    flow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    build = flow["jobs"]["build"]["steps"]
    checkout = next(s for s in build if s.get("uses", "").startswith("actions/checkout@"))
    assert checkout["with"]["fetch-depth"] == 0  # SEQUENCE, DTSTAMP and feed dates come from git log
    assert any(s.get("run") == "make site" for s in build)
    upload = next(s for s in build if s.get("uses", "").startswith("actions/upload-pages-artifact@"))
    assert upload["with"]["path"] == "build/site"
    assert any(s.get("uses", "").startswith("actions/configure-pages@") for s in build)
    deploy = flow["jobs"]["deploy"]
    assert deploy["needs"] == "build" and deploy["environment"]["name"] == "github-pages"
    assert deploy["steps"][0]["uses"].startswith("actions/deploy-pages@")
    assert flow["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}


# --- new-site -------------------------------------------------------------------------------------


def new_site(*args: str, cwd: Path = REPO) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "generator", "new-site", *args], cwd=cwd, capture_output=True, text=True, timeout=120
    )


OPTIONS = [
    "--name",
    "Northshire Learning Exchange",
    "--base-url",
    "https://learning.northshire.example/",
    "--organiser",
    "Northshire Children's Services",
    "--email",
    "learning@northshire.example",
    "--timezone",
    "Europe/Dublin",
]


@pytest.fixture(scope="module")
def new_project(tmp_path_factory) -> Path:
    target = tmp_path_factory.mktemp("new") / "our-site"
    result = new_site(str(target), *OPTIONS)
    assert result.returncode == 0, result.stderr
    assert f"Made a new site in {target}" in result.stdout
    return target


def test_new_site_has_its_own_settings_and_no_example_content(new_project: Path):
    from generator.content.settings import load_settings

    settings = load_settings(new_project / "site.yml")
    assert settings.name == "Northshire Learning Exchange"
    assert settings.base_url == "https://learning.northshire.example/"
    assert settings.organiser.name == "Northshire Children's Services"
    assert settings.organiser.email == "learning@northshire.example"
    assert settings.timezone == "Europe/Dublin"
    content = sorted(
        p.relative_to(new_project / "content").as_posix() for p in (new_project / "content").rglob("*") if p.is_file()
    )
    assert content == [
        "events/.gitkeep",
        "journal/.gitkeep",
        "pages/.gitkeep",
        "pages/accessibility.md",
        "pages/how-to-add-content.md",
        "people/.gitkeep",
        "practice-week/.gitkeep",
    ]
    for rel in [
        "mkdocs.yml",
        "Makefile",
        "pyproject.toml",
        ".github/workflows/publish.yml",
        ".github/workflows/check.yml",
        "cms/package.json",
        "overrides/main.html",
        "generator/bridge/plugin.py",
        "generator/render/fonts/DejaVuSans.ttf",
        "README.md",
    ]:
        assert (new_project / rel).is_file(), rel
    assert not list(new_project.rglob("__pycache__"))
    assert "Northshire Learning Exchange" in (new_project / "README.md").read_text(encoding="utf-8")


def test_new_site_passes_check_and_builds(new_project: Path, tmp_path: Path):
    project = tmp_path / "copy"
    shutil.copytree(new_project, project)
    check = subprocess.run(
        [sys.executable, "-m", "generator", "check", "--now", NOW.isoformat()],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert check.returncode == 0, check.stdout + check.stderr
    assert "0 errors, 0 warnings" in check.stdout
    env = {**os.environ, "SOURCE_DATE_EPOCH": str(int(NOW.timestamp())), "NO_MKDOCS_2_WARNING": "1"}
    built = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict"],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert built.returncode == 0, built.stdout + built.stderr
    site = project / "build" / "site"
    home = BeautifulSoup((site / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert home.title.get_text() == "Northshire Learning Exchange"
    assert home.select_one('meta[property="og:url"]')["content"] == "https://learning.northshire.example/"
    assert (site / "how-to-add-content" / "index.html").is_file()
    assert (site / "calendar" / "all.ics").is_file() and (site / "feeds" / "all.xml").is_file()
    assert "Family Justice" not in (site / "index.html").read_text(encoding="utf-8")


def test_new_site_never_overwrites(new_project: Path):
    before = (new_project / "site.yml").read_bytes()
    result = new_site(str(new_project), *OPTIONS)
    assert result.returncode == 1
    assert "already exists and is not empty" in result.stderr and "choose a new folder" in result.stderr
    assert (new_project / "site.yml").read_bytes() == before


def test_new_site_explains_bad_settings_and_writes_nothing(tmp_path: Path):
    target = tmp_path / "bad"
    result = new_site(
        str(target), "--name", "X", "--base-url", "learning.example", "--email", "nobody", "--timezone", "Mars/Olympus"
    )
    assert result.returncode == 1
    assert "--base-url: 'learning.example' is not a full web address" in result.stderr
    assert "--email: 'nobody' is not an email address" in result.stderr
    assert "--timezone: 'Mars/Olympus' is not a time zone" in result.stderr
    assert not target.exists()


def test_make_new_site(tmp_path: Path):
    if shutil.which("make") is None:
        pytest.skip("make is not installed")
    target = tmp_path / "from-make"
    result = subprocess.run(
        [
            "make",
            "-s",
            "new-site",
            f"DIR={target}",
            "NAME=Our Learning Exchange",
            "URL=https://learning.example.net/",
            "EMAIL=learning@example.net",
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert 'name: "Our Learning Exchange"' in (target / "site.yml").read_text(encoding="utf-8")
