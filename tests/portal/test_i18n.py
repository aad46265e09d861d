import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_every_message_has_an_english_translation():
    result = subprocess.run(
        [sys.executable, "scripts/po_fill.py", "--check"], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stdout


def test_compiled_catalogue_is_committed():
    po = ROOT / "locale/en/LC_MESSAGES/django.po"
    mo = ROOT / "locale/en/LC_MESSAGES/django.mo"
    assert mo.exists() and mo.stat().st_size > 0
    assert po.exists()
