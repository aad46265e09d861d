"""The region-code rules every app uses, written once.

A region's code is the significant digits of the national division code (province 2, city 4,
county 6, township 9, village 12), so "this region and everything under it" is a prefix match and
"the county a record belongs to" is the first six digits. Apps call these instead of slicing codes.
"""

from accounts.regions_loader import CODE_LENGTHS

COUNTY_DIGITS = 6


def county_of(code: str | None) -> str:
    """The county code of a region code; a province's or a city's code is returned as it is."""
    code = code or ""
    return code[:COUNTY_DIGITS] if len(code) >= COUNTY_DIGITS else code


def ancestors(code: str | None) -> list[str]:
    """The code itself and every code above it, from the province down."""
    code = code or ""
    return [code[:n] for n in CODE_LENGTHS if n <= len(code)]


def in_branch(code: str | None, branch: str | None) -> bool:
    """Whether `code` is the region `branch` or lies under it. An empty branch contains nothing
    (an account without a region governs no records)."""
    return bool(code) and bool(branch) and code.startswith(branch)


def governs(user, code: str | None, *roles) -> bool:
    """A superuser, or a holder of one of `roles` whose account's region contains `code`."""
    if user.is_superuser:
        return True
    return user.has_role(*roles) and in_branch(code, user.region_id)
