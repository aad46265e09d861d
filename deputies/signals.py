"""Signals between the apps that sit above `deputies` (they never import each other).

`opinion_for_suggestion` — an opinion gathered from the public (at a liaison station, …) is to be
taken up by a deputy as a suggestion. Sent inside the sender's transaction with the keyword
arguments:
    deputy        the Deputy who takes it up (the draft's author)
    title, text   a proposed title and the opinion's text
    region_code   the region where the opinion was gathered
    category      a hint: the sender's category code (a receiver maps what it knows, else "other")
    source_label  e.g. "代表联络站意见建议 #12"
    source_url    the opinion's page
    by            the user who made the decision
A receiver creates what it needs and returns `(url, label)` of what it created, or None.
Errors propagate (use `send`, not `send_robust`): the sender's transaction rolls back as a whole.
(`suggestion_replied`, the answer back, is in `core.signals`.)
"""

from django.dispatch import Signal

opinion_for_suggestion = Signal()
