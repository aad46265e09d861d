"""visible_to yields each record once, for every scoped model, also for the account that takes both
ways in: region staff who is also a deputy (the branch condition OR-ed with "what I own"). A join through
a to-many relation in owned_by_q multiplied rows (ActivityPhoto: once per participant), which a get()
on the result takes for "several records" and a list shows twice. Enumerated over the models, not listed."""

from django.apps import apps

from accounts.roles import Role, group_for
from accounts.scoping import is_scoped_model, visible
from deputies.models import Activity, ActivityParticipant, ActivityPhoto, Deputy

OUR_APPS = {"accounts", "notifications", "core", "deputies", "liaison_stations", "citizen_messages", "suggestions",
            "livelihood", "collaboration", "reports", "similar"}  # fmt: skip


def _staff_and_deputy():
    """A demo deputy with an account in Anyang, given the committee-staff role too, with a photo of an
    activity that has several participants (the case that multiplied)."""
    activity = next(
        a
        for a in Activity.objects.filter(region__code__startswith="410522").order_by("pk")
        if a.participants.filter(deputy__user__isnull=False).exists() and a.participants.count() > 1
    )
    deputy = Deputy.objects.get(pk=activity.participants.filter(deputy__user__isnull=False).first().deputy_id)
    user = deputy.user
    user.groups.add(group_for(Role.COMMITTEE_STAFF))
    user.region_id = "410522"
    user.save()
    ActivityPhoto.objects.create(activity=activity, image="deputies/activities/x.jpg", thumbnail="t.jpg")
    return user, activity


def test_every_scoped_model_yields_each_visible_record_once(demo, db):
    user, activity = _staff_and_deputy()
    user.refresh_from_db()
    assert user.is_deputy and user.is_region_staff
    assert ActivityParticipant.objects.filter(activity=activity).count() > 1
    checked = []
    for model in apps.get_models():
        if model._meta.app_label not in OUR_APPS or not is_scoped_model(model):
            continue
        rows = visible(model, user)
        assert rows.count() == rows.values("pk").distinct().count(), model._meta.label
        checked.append(model._meta.label)
    assert "deputies.ActivityPhoto" in checked and len(checked) > 20, checked
    assert visible(ActivityPhoto, user).filter(activity=activity).count() == 1
