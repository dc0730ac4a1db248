"""The HTML report rendered by headless Chromium, as a forum member would open it (skipped when no
Chromium is installed)."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from tests.test_report import report_data  # noqa: F401 - the fixture

BROWSER = next((b for b in ("chromium", "chromium-browser", "google-chrome") if shutil.which(b)), None)


@pytest.mark.skipif(BROWSER is None, reason="chromium is not installed (apt-get install chromium)")
def test_html_report_renders_in_headless_chromium(report_data, cedta, tmp_path):
    page = tmp_path / "report.html"
    assert cedta(report_data, "report", "--quarter", "2026Q2", "--format", "html", "--out", str(page)).exit_code == 0
    shot = tmp_path / "report.png"
    done = subprocess.run([BROWSER, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                           "--disable-background-networking", f"--screenshot={shot}",
                           "--window-size=1200,2000", page.as_uri()], capture_output=True, timeout=120)
    assert done.returncode == 0, done.stderr[-500:]
    assert shot.stat().st_size > 10_000  # a page was drawn, not a blank
    dom = subprocess.run([BROWSER, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                          "--disable-background-networking", "--dump-dom", page.as_uri()],
                         capture_output=True, timeout=120, text=True)
    assert "Hub Forum report, 2026Q2" in dom.stdout and 'class="heat"' in dom.stdout
