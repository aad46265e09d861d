"""Signals between sibling domain apps (they never import each other), kept below all of them.

`suggestion_replied` — a suggestion that came from another app's record (an opinion gathered at a
liaison station, …) has been replied to. Sent by suggestions with the keyword arguments
source_url, suggestion_url, label, text (the reply), result_class, by. Receivers return nothing
useful; the sender ignores the results.
"""

from django.dispatch import Signal

suggestion_replied = Signal()
