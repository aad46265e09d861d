"""Load regions from a CSV of (code, name), parents first. Used by the data migration that ships
the built-in regions and by `manage.py load_regions` for a fuller official table."""

import csv
from pathlib import Path

BUILTIN_CSV = Path(__file__).resolve().parent / "data" / "regions.csv"
CODE_LENGTHS = (2, 4, 6, 9, 12)
KINDS = dict(zip(CODE_LENGTHS, ("province", "city", "county", "township", "village"), strict=True))


def read_rows(path=BUILTIN_CSV) -> list[tuple[str, str]]:
    with open(path, newline="", encoding="utf-8-sig") as f:
        rows = [(r["code"].strip(), r["name"].strip()) for r in csv.DictReader(f)]
    # Strip trailing zeros of a full 12-digit code down to its significant digits.
    normalised = []
    for code, name in rows:
        if len(code) == 12:
            for n in CODE_LENGTHS:
                if code[n:] == "0" * (12 - n):
                    code = code[:n]
                    break
        normalised.append((code, name))
    return sorted(normalised, key=lambda r: (len(r[0]), r[0]))


def load(region_model, rows) -> tuple[int, int]:
    """Create or rename regions; works with the real model and a migration's historical one."""
    created = updated = 0
    known = dict(region_model.objects.values_list("code", "name"))
    for code, name in rows:
        if len(code) not in KINDS or not code.isdigit():
            raise ValueError(f"bad region code {code!r}")
        index = CODE_LENGTHS.index(len(code))
        parent = code[: CODE_LENGTHS[index - 1]] if index else None
        if parent and parent not in known:
            raise ValueError(f"region {code} {name}: parent {parent} is missing")
        if code not in known:
            region_model.objects.create(code=code, name=name, kind=KINDS[len(code)], parent_id=parent)
            created += 1
        elif known[code] != name:
            region_model.objects.filter(code=code).update(name=name)
            updated += 1
        known[code] = name
    return created, updated
