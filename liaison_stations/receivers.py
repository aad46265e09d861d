"""What this app does when another app tells it something (connected in apps.ready)."""


def on_suggestion_replied(sender, *, suggestion_url, text, result_class="", label="", by=None, **kwargs):
    from . import services

    return services.record_suggestion_reply(
        suggestion_url=suggestion_url, text=text, result_class=result_class, label=label, by=by
    )
