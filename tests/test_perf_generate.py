"""The benchmark's synthetic network is valid in the real schema, canonical for `cedta fmt`, and the
same for the same seed (correctness only: nothing is timed here)."""

from __future__ import annotations

import hashlib
import importlib.util
import json
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
spec = importlib.util.spec_from_file_location("bench_generate", REPO / "benchmarks" / "generate.py")
generate = importlib.util.module_from_spec(spec)
spec.loader.exec_module(generate)

pytestmark = pytest.mark.skipif(not (REPO / "data" / "clients").is_dir(), reason="no shipped data")


def _digest(folder: Path) -> str:
    h = hashlib.sha256()
    for p in sorted(folder.rglob("*.yaml")):
        h.update(p.relative_to(folder).as_posix().encode() + p.read_bytes())
    return h.hexdigest()


@pytest.fixture(scope="module")
def network(tmp_path_factory) -> Path:
    return generate.generate(tmp_path_factory.mktemp("net"), clients=60, providers=50, seed=7)


def test_generated_network_is_valid(network, cedta, monkeypatch, tmp_path):
    monkeypatch.setenv("CEDTA_CACHE_DIR", str(tmp_path / "cache"))
    r = cedta(network, "validate", "--format", "json")
    payload = json.loads(r.stdout)
    assert payload["errors"] == 0, r.stdout
    assert payload["files"] == 60 + 50 + 2 + len(list((REPO / "data" / "hubs").glob("*.yaml")))
    clients = sorted((network / "clients").glob("*.yaml"))
    assert len(clients) == 60 and all(p.stem.startswith("c-") for p in clients)
    providers = sorted(p.stem for p in (network / "providers").glob("*.yaml"))
    assert any(s.endswith("-r1") for s in providers)  # copies beyond the shipped directory
    years = {p.stem.split("-")[1] for p in clients}
    assert len(years) >= 3  # several years of clients


def test_generated_network_is_canonical(network, cedta, monkeypatch, tmp_path):
    monkeypatch.setenv("CEDTA_CACHE_DIR", str(tmp_path / "cache"))
    sample = network.parent / "sample" / "data"
    for rel in ["network.yaml", *[f"clients/{p.name}" for p in sorted((network / "clients").glob("*.yaml"))[:15]]]:
        (sample / rel).parent.mkdir(parents=True, exist_ok=True)
        (sample / rel).write_bytes((network / rel).read_bytes())
    r = cedta(sample, "fmt", "--check", str(sample / "clients"))
    assert r.exit_code == 0, r.output


def test_same_seed_same_files(tmp_path, network):
    again = generate.generate(tmp_path / "again", clients=60, providers=50, seed=7)
    assert _digest(again) == _digest(network)
    other = generate.generate(tmp_path / "other", clients=60, providers=50, seed=8)
    assert _digest(other) != _digest(network)
