"""What a Playwright test needs: Debian's system Chromium and the playwright package, each skipped with the
reason and the fix when absent (tests/test_lab_browser.py, tests/test_charts_browser.py)."""

from __future__ import annotations

import shutil

import pytest

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")

try:
    import playwright.sync_api as pw
except ImportError:  # pragma: no cover - depends on the environment
    pw = None  # type: ignore[assignment]

PLAYWRIGHT_MARKS = [
    pytest.mark.browser,
    pytest.mark.skipif(
        CHROMIUM is None,
        reason="headless Chromium is not installed (run `bash scripts/ensure-chromium.sh` as root, "
        "or apt-get install chromium)",
    ),
    pytest.mark.skipif(pw is None, reason="playwright is not installed (pip install -e '.[dev]')"),
]
