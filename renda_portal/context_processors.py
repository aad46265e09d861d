from django.conf import settings

from . import navigation


def portal(request):
    user = getattr(request, "user", None)
    context = {"portal_name": settings.PORTAL_NAME or settings.PORTAL_DEFAULT_NAME}
    if user is not None and user.is_authenticated:
        from accounts.second_factor import SESSION_KEY, VERIFIED

        if getattr(request, "session", {}).get(SESSION_KEY, VERIFIED) != VERIFIED:
            # Between the password and the code (or the enrolment) nothing else is reachable
            # (accounts.middleware): no menu to offer, no figures to count.
            context["second_step_pending"] = True
            return context
        from notifications.models import Notification

        context.update(
            nav_staff=navigation.items_for(user, "staff"),
            nav_deputy=navigation.items_for(user, "deputy"),
            nav_menu=navigation.menu_for(user),
            unread_notifications=Notification.objects.for_user(user).unread().count(),
            # Strings, so the template never localises the figures the photo shrinking reads.
            offline_photo_max=str(settings.OFFLINE_PHOTO_MAX_PX),
            offline_photo_quality=str(settings.OFFLINE_PHOTO_QUALITY),
        )
    return context
