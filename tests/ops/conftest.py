from tests.citizen_messages.conftest import _fast_form  # noqa: F401  (the public form without the fill timer)
