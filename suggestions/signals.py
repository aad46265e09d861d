"""What this app tells the apps to its right (they import it; it never imports them).

`replied` — a suggestion has been replied to. Sent inside the reply's transaction with the keyword
arguments `suggestion`, `reply` and `by`. A place a suggestion came from (a liaison station's
opinion, which points at it with `Opinion.suggestion`) records the reply as its result; errors
propagate, so the reply rolls back as a whole."""

from django.dispatch import Signal

replied = Signal()
