"""Chinese text into character bigrams and trigrams, and the shared words marked in a snippet.

Chinese has no spaces, so a "word" is approximated by every run of two and three characters inside a
clause; grams never cross punctuation or spaces. Latin words and digits are kept as characters too, so
"G107" and "107国道" share grams. Pure Python: the same grams on SQLite and PostgreSQL."""

import re
import unicodedata
from collections import Counter

from django.utils.html import escape
from django.utils.safestring import mark_safe

# A clause: a run of letters (CJK included) and digits; \w also matches "_", which we drop.
_CLAUSE = re.compile(r"[^\W_]+")
SIZES = (2, 3)


def normalize(text: str) -> str:
    # Full-width letters and digits (Ａ１) become ASCII, so typed variants meet.
    return unicodedata.normalize("NFKC", text or "").lower()


def clauses(text: str) -> list[str]:
    return _CLAUSE.findall(normalize(text))


def grams(text: str) -> Counter:
    found = Counter()
    for clause in clauses(text):
        for n in SIZES:
            for i in range(len(clause) - n + 1):
                found[clause[i : i + n]] += 1
    return found


def marked(text: str, shared: set[str], limit: int = 160) -> tuple[str, list[str]]:
    """`text` (cut to `limit` characters) as safe HTML with every run covered by a shared gram in
    <mark>, and the runs themselves (the shared words). Escaped piece by piece, then marked."""
    plain = text[:limit]
    folded = normalize(plain)
    if len(folded) != len(plain):  # NFKC changed the length (rare ligatures): no marks, no risk
        return escape(plain), []
    covered = [False] * len(plain)
    for n in SIZES:
        for i in range(len(folded) - n + 1):
            if folded[i : i + n] in shared:
                for j in range(i, i + n):
                    covered[j] = True
    html, words, i = [], [], 0
    while i < len(plain):
        j = i
        while j < len(plain) and covered[j] == covered[i]:
            j += 1
        piece = plain[i:j]
        if covered[i]:
            html.append(f"<mark>{escape(piece)}</mark>")
            if piece not in words:
                words.append(piece)
        else:
            html.append(escape(piece))
        i = j
    suffix = "…" if len(text) > limit else ""
    return mark_safe("".join(html) + suffix), words
