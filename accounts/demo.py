"""Demo data of the accounts app: staff accounts and the three administrators.

`manage.py seed_demo` runs the `seed()` of every installed app's demo module, in the order of
INSTALLED_APPS; each must be idempotent (running it twice changes nothing).
"""

from django.db import transaction

from .models import Region, User
from .roles import Role, group_for

DEMO_PASSWORD = "Renda@2026"

# username, full name, mobile, region code, role, description (for the README and `make run`)
DEMO_ACCOUNTS = [
    ("henan_staff", "周文华", "13903710001", "41", Role.COMMITTEE_STAFF, "省人大常委会代表工委工作人员（全省）"),
    ("anyang_staff", "李静", "13903720002", "410522", Role.COMMITTEE_STAFF, "安阳县人大常委会工作人员"),
    ("anyang_wc", "王建国", "13903720003", "410522", Role.WORKING_COMMITTEE_STAFF, "安阳县人大常委会财经工委工作人员"),
    ("taiqian_staff", "刘丽", "13903930004", "410927", Role.COMMITTEE_STAFF, "台前县人大常委会工作人员"),
    ("sysadmin", "陈系统", "13903710005", "41", Role.SYSTEM_ADMIN, "系统管理员（管理账号）"),
    ("secadmin", "赵安全", "13903710006", "41", Role.SECURITY_ADMIN, "安全管理员（分配角色）"),
    ("auditadmin", "孙审计", "13903710007", "41", Role.AUDIT_ADMIN, "审计管理员（查看操作日志）"),
    ("deputy_demo", "张晓梅", "13903720008", "410522", Role.DEPUTY, "安阳县人大代表（手机端履职）"),
]
DEMO_LOGINS = [(username, desc) for username, _n, _m, _c, _r, desc in DEMO_ACCOUNTS]


@transaction.atomic
def seed(stdout=None):
    created = 0
    for username, name, mobile, code, role, _desc in DEMO_ACCOUNTS:
        user, made = User.objects.get_or_create(
            username=username,
            defaults={
                "full_name": name,
                "mobile": mobile,
                "region": Region.objects.get(code=code),
                "email": f"{username}@example.invalid",
                "is_staff": role != Role.DEPUTY,
            },
        )
        if made:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
            user.groups.add(group_for(role))
            created += 1
    if stdout:
        stdout.write(f"accounts: {created} 个演示账号已创建")
