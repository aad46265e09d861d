"""`make run` prints the demo logins once: the Makefile seeds, scripts/run_dev.sh prints the banner."""

import io
import shlex
import shutil
import subprocess
from pathlib import Path

import pytest
from django.core.management import call_command

ROOT = Path(__file__).resolve().parents[2]


def _seed_demo_calls():
    """The arguments of every `manage.py seed_demo` that `make run` executes, in order."""
    recipe = subprocess.run(["make", "-n", "run"], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    script = (ROOT / "scripts" / "run_dev.sh").read_text()
    calls = []
    for line in recipe.splitlines() + script.splitlines():
        if "seed_demo" not in line or line.lstrip().startswith("#"):
            continue
        words = shlex.split(line.split("|")[0])
        if "manage.py" in words:
            calls.append(words[words.index("seed_demo") + 1 :])
    return calls


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
@pytest.mark.django_db
def test_make_run_prints_the_demo_logins_once(monkeypatch, settings):
    from accounts.management.commands import seed_demo

    settings.DEBUG = True  # as `make run` runs it

    for module in seed_demo.demo_modules():  # what is printed is under test, not the data
        monkeypatch.setattr(module, "seed", lambda stdout=None: None)
    calls = _seed_demo_calls()
    assert len(calls) == 2  # seeding in the Makefile, the banner in run_dev.sh
    out = io.StringIO()
    for args in calls:
        call_command("seed_demo", *args, stdout=out)
    assert out.getvalue().count("演示账号（密码均为") == 1
    assert out.getvalue().count("anyang_staff") == 1
