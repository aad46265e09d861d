#!/usr/bin/env python
"""Fill the English catalogue from locale/en/*.tsv (Chinese<TAB>English, one a line).

Each app keeps its own file (locale/en/<app>.tsv) so that parallel work never conflicts;
translations.tsv holds the foundation's strings.

    make messages        # makemessages + this + compilemessages
    python scripts/po_fill.py --check   # exit 1 and list what is untranslated

Keeping the pairs in one sorted TSV makes them easy to review and merge; the .po is generated.
"""

import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
PO = ROOT / "locale" / "en" / "LC_MESSAGES" / "django.po"
TSV_DIR = ROOT / "locale" / "en"


def load_pairs() -> dict[str, str]:
    pairs = {}
    for tsv in sorted(TSV_DIR.glob("*.tsv")):
        for n, line in enumerate(tsv.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip() or line.startswith("#"):
                continue
            zh, sep, en = line.partition("\t")
            if not sep:
                sys.exit(f"{tsv.name}:{n}: no tab")
            pairs[zh.replace("\\n", "\n")] = en.replace("\\n", "\n")
    return pairs


def main(check: bool) -> int:
    po = polib.pofile(str(PO))
    pairs = load_pairs()
    missing = []
    for entry in po:
        if entry.obsolete:
            continue
        en = pairs.get(entry.msgid)
        if en is not None:
            if entry.msgid_plural:
                entry.msgstr_plural = {0: en, 1: pairs.get(entry.msgid_plural, en)}
            else:
                entry.msgstr = en
            if "fuzzy" in entry.flags:
                entry.flags.remove("fuzzy")
        else:
            if "fuzzy" in entry.flags:
                # makemessages guesses from a similar msgid; a guess is not a translation.
                entry.flags.remove("fuzzy")
                entry.msgstr = ""
                entry.previous_msgid = None
            if not (entry.msgstr or any(entry.msgstr_plural.values())):
                missing.append(entry.msgid)
    if not check:
        po.save()
    for m in missing:
        print("untranslated:", m.replace("\n", "\\n"))
    return 1 if (check and missing) else 0


if __name__ == "__main__":
    sys.exit(main("--check" in sys.argv))
