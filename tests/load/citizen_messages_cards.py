"""Time the generation of N printable cards (one A4 sheet of 8 per page) for existing tokens.

DEBUG=1 DJANGO_SETTINGS_MODULE=tests.load.citizen_messages_settings python tests/load/citizen_messages_cards.py 1000
"""

import os
import sys
import time

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.load.citizen_messages_settings")
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
django.setup()

from citizen_messages import cards, selectors  # noqa: E402
from citizen_messages.models import DeputyToken  # noqa: E402

n = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
tokens = list(DeputyToken.objects.filter(is_active=True).select_related("deputy__region"))
tokens = (tokens * (n // max(len(tokens), 1) + 1))[:n]
start = time.perf_counter()
pdf = cards.card_pdf(selectors.card_data(tokens), per_page=8)
elapsed = time.perf_counter() - start
fallback = " (fallback)" if cards.FONT_FALLBACK else ""
print(f"{n} cards: {elapsed:.1f} s, {len(pdf) / 1e6:.1f} MB, font {cards.font_name()}{fallback}")
assert elapsed < 30
