"""README.md and docs/ stand on their own in a fresh clone: nothing points outside the repository and
every relative link (and every file path they name in backticks) resolves."""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]
LINK = re.compile(r"\]\(([^)\s]+)\)")  # [text](target) and ![alt](target)
# Folders that runs write into (git-ignored): a doc may name what a run leaves there.
GENERATED = {"test-artifacts", "var"}
CODE = re.compile(r"`([^`\s]+)`")
OUTSIDE = re.compile(r"(^|[\s`(])(\.\./|/work/|~/)")
FILE = re.compile(r"^[\w./-]+\.(md|py|sh|txt|toml|tsv|png|html|css|js)$")


def _resolves(page: Path, target: str) -> bool:
    path = (page.parent / target).resolve()
    return path.is_relative_to(ROOT) and path.exists()


@pytest.mark.parametrize("page", PAGES, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_link_leaves_the_repository_and_every_link_resolves(page):
    text = page.read_text()
    outside = [line.strip() for line in text.splitlines() if OUTSIDE.search(line)]
    assert not outside, f"points outside the repository: {outside}"
    broken = []
    for target in LINK.findall(text):
        if re.match(r"^[a-z]+:|^#", target):
            continue
        if not _resolves(page, target.split("#")[0]):
            broken.append(target)
    for name in CODE.findall(text):
        # A file path in backticks is relative to the page or to the repository's root (a bare name
        # such as `tasks.py` means "each app's", and one starting with / is a URL of the portal).
        if "/" not in name or name.startswith("/") or name.split("/")[0] in GENERATED:
            continue
        if FILE.match(name) and "*" not in name and not (_resolves(page, name) or (ROOT / name).exists()):
            broken.append(name)
    assert not broken, f"{page.name}: {broken}"
