"""Enforce the separation of the three administrators on every path that changes groups.

The admin form checks it too (for a friendly message); this guard catches the shell, scripts,
and any later view that calls `user.groups.add(...)`.
"""

from django.contrib.auth.models import Group

from .roles import ROLE_BY_GROUP_NAME, check_exclusive_roles


def guard_exclusive_roles(sender, instance, action, reverse, model, pk_set, **kwargs):
    if action != "pre_add" or not pk_set:
        return
    if reverse:
        # group.user_set.add(users...): check each user against this group.
        group_role = ROLE_BY_GROUP_NAME.get(instance.name)
        if not group_role:
            return
        for user in model.objects.filter(pk__in=pk_set):
            check_exclusive_roles(set(user.role_keys) | {group_role})
        return
    names = set(Group.objects.filter(pk__in=pk_set).values_list("name", flat=True))
    names |= set(instance.groups.values_list("name", flat=True))
    check_exclusive_roles({ROLE_BY_GROUP_NAME[n] for n in names if n in ROLE_BY_GROUP_NAME})
    instance.__dict__.pop("_role_keys", None)
