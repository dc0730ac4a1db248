"""Shared fixtures: a small valid data directory built in tmp_path, and a runner for the real CLI."""

from __future__ import annotations

import os
import shutil
import tempfile
import textwrap
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cedta.cli import app

TODAY = "2026-11-26"

# The parse cache of every test run lives in a folder of its own, removed at the end, never in the
# user's cache directory (subprocesses the tests start inherit it).
_CACHE = tempfile.mkdtemp(prefix="cedta-test-cache-")
os.environ["CEDTA_CACHE_DIR"] = _CACHE


def pytest_sessionfinish(session, exitstatus):
    shutil.rmtree(_CACHE, ignore_errors=True)


@pytest.fixture
def cache_dir(tmp_path, monkeypatch) -> Path:
    """A parse cache of the test's own, switched on (`pytestmark = pytest.mark.usefixtures("cache_dir")`
    in the files that test what the cache remembers)."""
    folder = tmp_path / "cache"
    monkeypatch.setenv("CEDTA_CACHE_DIR", str(folder))
    monkeypatch.delenv("CEDTA_NO_CACHE", raising=False)
    return folder

NETWORK = """\
id: test-network
name: {en: Test network, fr: Réseau d'essai}
fiscal_year_start_month: 4
stalled_after_days: 60
small_cell_threshold: 5
forum:
  meets: quarterly
  representatives_per_hub: 2
  extra_members: [{org: acme-centre, count: 1}]
"""

PROVIDER = """\
id: acme-centre
name: {en: Acme Enterprise Centre, fr: Centre d'entreprise Acme}
kind: non-profit
languages: [en, fr]
services:
  - id: business-plan-workshops
    topic: business-plan
    modes: [workshops]
    languages: [en, fr]
    levels: {from: beginner, to: advanced}
    fees: free
    schedule: {frequency: year-round, times: [evenings]}
    intake: registration
    populations: [general]
  - id: marketing-consulting
    topic: marketing
    modes: [consulting]
    languages: [en]
    levels: {from: beginner, to: beginner}
    fees:
      - {amount: 25, unit: session, minutes: 30}
    schedule: {frequency: by-appointment}
    eligibility:
      - age: {min: 18}
"""

OTHER_PROVIDER = """\
id: beta-coop
name: {fr: Coop Bêta}
kind: co-operative
languages: [fr]
services: []
"""

HUB = """\
id: francophones
name: {en: Francophone hub, fr: Centre francophone}
population: francophones
director: acme-centre
members: [acme-centre, beta-coop]
forum_representatives:
  - {name: Rep A (fictitious), org: acme-centre, since: 2026-01-01}
  - {name: Rep B (fictitious), org: beta-coop, since: 2026-01-01}
"""

CLIENT = """\
id: c-0001
kind: individual
hub: francophones
intake: {date: 2026-02-03, by: acme-centre}
consent: {given: 2026-02-03, scope: hub}
profile:
  populations: [francophones]
  languages: {speaks: [fr, en], reads_writes: [fr]}
  birth_year: 1990
  ei: {status: never}
  stage: idea
  has: [business-idea]
needs:
  - {topic: business-plan, level: beginner, priority: 1}
plan:
  - {topic: business-plan, level: beginner, service: acme-centre/business-plan-workshops, target: 2026-12-31, status: active}
contacts:
  - {date: 2026-02-10, org: acme-centre, service: acme-centre/business-plan-workshops, mode: workshops, minutes: 120}
"""

FILES = {
    "network.yaml": NETWORK,
    "providers/acme-centre.yaml": PROVIDER,
    "providers/beta-coop.yaml": OTHER_PROVIDER,
    "hubs/francophones.yaml": HUB,
    "clients/c-0001.yaml": CLIENT,
}


class Data:
    """A data directory under tmp_path that tests can change file by file."""

    def __init__(self, root: Path):
        self.root = root
        for rel, text in FILES.items():
            self.write(rel, text)

    def write(self, rel: str, text: str | bytes) -> Path:
        p = self.root / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            p.write_bytes(text)
        else:
            p.write_text(textwrap.dedent(text), encoding="utf-8")
        return p

    def read(self, rel: str) -> str:
        return (self.root / rel).read_text(encoding="utf-8")


@pytest.fixture
def data(tmp_path) -> Data:
    return Data(tmp_path / "data")


@pytest.fixture
def cedta():
    """Run the real CLI: cedta(data, "validate", ...) -> click Result."""
    runner = CliRunner()

    def run(data: Data | Path | None, *args: str, lang: str = "en"):
        # a test that gives its own --today gets it alone: an option twice is refused
        base = (["--today", TODAY] if not any(a == "--today" or a.startswith("--today=") for a in args) else []) + \
            ["--lang", lang]
        if data is None:
            return runner.invoke(app, base + list(args), catch_exceptions=False)
        root = data.root if isinstance(data, Data) else Path(data)
        base += ["--data", str(root)]
        # run from the folder that holds the data, as a coordinator does: files are named
        # `data/clients/x.yaml` (an absolute --data elsewhere names them from /)
        here = os.getcwd()
        os.chdir(root.parent if root.parent.is_dir() else here)
        try:
            return runner.invoke(app, base + list(args), catch_exceptions=False)
        finally:
            os.chdir(here)

    return run
