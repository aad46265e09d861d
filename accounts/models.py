"""The spine of the portal: the region tree, the user, and the one rule of visibility.

Regions are keyed by the significant digits of the national administrative division code
(province 2, city 4, county 6, township 9, village/community 12). Because the code is the primary
key, every foreign key to a region stores the code itself, and "this branch" is a prefix match
(`region_id LIKE '410522%'`) on an indexed column, never a recursive query.
"""

from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Length
from django.db.models.lookups import In
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_otp.models import Device, ThrottlingMixin

from .regions_loader import CODE_LENGTHS
from .validators import validate_mobile


class RegionKind(models.TextChoices):
    PROVINCE = "province", _("省")
    CITY = "city", _("市")
    COUNTY = "county", _("县（区）")
    TOWNSHIP = "township", _("乡镇（街道）")
    VILLAGE = "village", _("村（社区）")


KIND_BY_LENGTH = dict(zip(CODE_LENGTHS, RegionKind.values, strict=True))


def parent_code(code: str) -> str | None:
    """The code of the region one level up, or None for a province."""
    index = CODE_LENGTHS.index(len(code))
    return code[: CODE_LENGTHS[index - 1]] if index else None


class RegionQuerySet(models.QuerySet):
    def branch(self, code: str):
        """The region with this code and every region under it."""
        return self.filter(code__startswith=code)

    def visible_to(self, user):
        if not getattr(user, "is_authenticated", False) or not user.is_active:
            return self.none()
        if user.is_superuser:
            return self.all()
        if user.region_id:
            return self.branch(user.region_id)
        return self.none()


class Region(models.Model):
    code = models.CharField(
        _("区划代码"),
        max_length=12,
        primary_key=True,
        validators=[RegexValidator(r"^(\d{2}|\d{4}|\d{6}|\d{9}|\d{12})$", _("区划代码应为2、4、6、9或12位数字"))],
        help_text=_("国家行政区划代码的有效位：省2位、市4位、县6位、乡镇9位、村（社区）12位"),
    )
    name = models.CharField(_("名称"), max_length=64)
    kind = models.CharField(_("层级"), max_length=16, choices=RegionKind.choices, editable=False)
    parent = models.ForeignKey(
        "self", verbose_name=_("上级"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )

    objects = RegionQuerySet.as_manager()

    class Meta:
        verbose_name = _("行政区划")
        verbose_name_plural = _("行政区划")
        ordering = ["code"]
        constraints = [
            # The code's length decides its level; anything else is not a division code.
            models.CheckConstraint(condition=In(Length("code"), list(CODE_LENGTHS)), name="region_code_length"),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        # Kind and parent follow from the code, so they can never disagree with it.
        self.kind = KIND_BY_LENGTH[len(self.code)]
        self.parent_id = parent_code(self.code)
        super().save(*args, **kwargs)

    def clean(self):
        if len(self.code) not in CODE_LENGTHS or not self.code.isdigit():
            raise ValidationError({"code": _("区划代码应为2、4、6、9或12位数字")})
        up = parent_code(self.code)
        if up and not Region.objects.filter(code=up).exists():
            raise ValidationError({"code": _("上级区划 %(code)s 不存在，请先添加上级区划") % {"code": up}})

    @property
    def full_code(self) -> str:
        """The 12-digit statistical code (significant digits padded with zeros)."""
        return self.code.ljust(12, "0")

    @property
    def level(self) -> int:
        return CODE_LENGTHS.index(len(self.code))

    def ancestor_codes(self) -> list[str]:
        return [self.code[:n] for n in CODE_LENGTHS if n < len(self.code)]

    def path_name(self) -> str:
        """Full name from the province down, e.g. 河南省安阳市安阳县 (in English: Anyang County, Anyang City,
        Henan Province)."""
        from core.regions import place_path

        names = dict(Region.objects.filter(code__in=self.ancestor_codes()).values_list("code", "name"))
        return place_path([*(names[c] for c in self.ancestor_codes() if c in names), self.name])

    def contains(self, code: str | None) -> bool:
        return bool(code) and code.startswith(self.code)


class ScopedQuerySet(models.QuerySet):
    """Base queryset for every record that belongs to a region.

    `visible_to(user)` is the one rule of visibility in the portal:
    - superusers see everything;
    - regional staff (committee staff, working-committee staff, the three administrators) see
      the branch of the tree their account belongs to;
    - a deputy sees what is their own, as the model defines in `owned_by_q(user)`;
    - anyone else sees nothing.
    Subclasses set `region_path` to the lookup path of the region foreign key.
    """

    region_path = "region"
    # True where `owned_by_q` names only what a deputy owns (through their Deputy record) or what was
    # sent to the user's unit: for an account with neither the deputy role nor a unit it matches
    # nothing, and leaving it out spares every query of region staff an OR across a join to the
    # deputies, which no index serves (0.7–4 s per query at 1,000,000 messages, issue 18).
    owned_only_by_deputies_and_units = False

    def owned_by_q(self, user) -> Q | None:
        """What a deputy (or another personal account) owns; None when the model has no owner."""
        return None

    def in_branch(self, code: str):
        return self.filter(**{f"{self.region_path}__code__startswith": code})

    def visible_to(self, user):
        if not getattr(user, "is_authenticated", False) or not user.is_active:
            return self.none()
        if user.is_superuser:
            return self.all()
        condition = None
        if user.region_id and user.is_region_staff:
            condition = Q(**{f"{self.region_path}__code__startswith": user.region_id})
        owns_nothing = self.owned_only_by_deputies_and_units and not (user.is_deputy or user.unit_id)
        own = None if owns_nothing else self.owned_by_q(user)
        if own is not None:
            condition = own if condition is None else condition | own
        if condition is None:
            return self.none()
        return self.filter(condition)


class UnitKind(models.TextChoices):
    GOVERNMENT = "government", _("政府部门")
    SUPERVISORY = "supervisory", _("监察委员会")
    COURT = "court", _("人民法院")
    PROCURATORATE = "procuratorate", _("人民检察院")
    ENTERPRISE = "enterprise", _("国有企业或事业单位")
    OTHER = "other", _("其他单位")


class UnitQuerySet(ScopedQuerySet):
    def owned_by_q(self, user):
        return Q(pk=user.unit_id) if user.unit_id else None


class Unit(models.Model):
    """A government department or another body that handles suggestions, opinions and projects.

    Shared by every domain app (suggestions are assigned to units, livelihood projects have a
    responsible unit, opinions are forwarded to one); its contact staff log in with the unit role
    and are linked through User.unit."""

    name = models.CharField(_("单位名称"), max_length=100)
    short_name = models.CharField(_("简称"), max_length=40, blank=True)
    kind = models.CharField(_("单位类别"), max_length=16, choices=UnitKind.choices, default=UnitKind.GOVERNMENT)
    region = models.ForeignKey(Region, verbose_name=_("所属区划"), on_delete=models.PROTECT, related_name="units")
    contact_person = models.CharField(_("联系人"), max_length=32, blank=True)
    contact_phone = models.CharField(_("联系电话"), max_length=20, blank=True)
    is_active = models.BooleanField(_("有效"), default=True)

    objects = UnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("承办单位")
        verbose_name_plural = _("承办单位")
        ordering = ["region", "name"]
        constraints = [models.UniqueConstraint(fields=["region", "name"], name="unit_unique_name_in_region")]

    def __str__(self):
        return self.name

    def active_staff(self):
        """The unit's contact staff who can log in: whom to tell of what is assigned to the unit."""
        from .roles import GROUP_NAMES, Role

        return self.staff.filter(is_active=True, groups__name=GROUP_NAMES[Role.UNIT_STAFF]).distinct()


class UserQuerySet(ScopedQuerySet):
    def owned_by_q(self, user):
        return Q(pk=user.pk)


class PortalUserManager(UserManager.from_queryset(UserQuerySet)):
    pass


class User(AbstractUser):
    """A login. Staff accounts belong to one region; a deputy's login is linked to the person."""

    # One field for a Chinese name instead of first/last name.
    first_name = None
    last_name = None
    full_name = models.CharField(_("姓名"), max_length=64, blank=True)
    mobile = models.CharField(
        _("手机号"), max_length=11, blank=True, null=True, unique=True, validators=[validate_mobile]
    )
    region = models.ForeignKey(
        Region,
        verbose_name=_("所属区划"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
        help_text=_("工作人员只能看到本区划及其下级的数据"),
    )

    unit = models.ForeignKey(
        Unit,
        verbose_name=_("所在单位"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="staff",
        help_text=_("承办单位工作人员所在的单位"),
    )
    # When the password was last set; None for accounts from before the rule (they change it at the
    # next login, like an expired one). See accounts/passwords.py.
    password_changed_at = models.DateTimeField(_("密码修改时间"), null=True, blank=True, editable=False)

    objects = PortalUserManager()

    REQUIRED_FIELDS = ["email"]

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = _("用户")
        ordering = ["username"]

    def __str__(self):
        return self.full_name or self.username

    def get_full_name(self):
        return self.full_name or self.username

    def get_short_name(self):
        return self.full_name or self.username

    def set_password(self, raw_password):
        super().set_password(raw_password)
        # Seen by the post_save receiver (signals.after_user_saved): the hash goes into the history.
        self._password_set = True

    # --- roles --------------------------------------------------------------------------
    @property
    def role_keys(self) -> frozenset[str]:
        """The role keys this user holds, cached on the instance for the request."""
        cached = getattr(self, "_role_keys", None)
        if cached is None:
            from .roles import ROLE_BY_GROUP_NAME

            names = self.groups.values_list("name", flat=True) if self.pk else []
            cached = frozenset(ROLE_BY_GROUP_NAME[n] for n in names if n in ROLE_BY_GROUP_NAME)
            self._role_keys = cached
        return cached

    def has_role(self, *roles) -> bool:
        return bool(self.role_keys.intersection(roles))

    @property
    def is_region_staff(self) -> bool:
        from .roles import REGION_STAFF_ROLES

        return self.has_role(*REGION_STAFF_ROLES)

    @property
    def is_deputy(self) -> bool:
        from .roles import Role

        return self.has_role(Role.DEPUTY)

    @property
    def role_labels(self) -> list[str]:
        from .roles import Role

        return [Role(k).label for k in Role.values if k in self.role_keys]

    # --- passwords (等保: change every N days, no reuse of the last few) ----------------------
    @property
    def password_expired(self) -> bool:
        from .passwords import password_expired

        return password_expired(self)


class PasswordHistory(models.Model):
    """The hashes of a user's recent passwords, so a new one cannot repeat them (docs/security.md)."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="password_history")
    password = models.CharField(max_length=128)
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created", "-pk"]
        default_permissions = ()

    def __str__(self):
        return f"{self.user_id} {self.created:%Y-%m-%d}"


class AuditEventQuerySet(ScopedQuerySet):
    # An event belongs to the branch of the account it concerns; events naming no account (a failed
    # login with a made-up name) are seen by superusers only.
    region_path = "user__region"


class AuditEvent(models.Model):
    """One security event: the single audit trail of the portal (logins, failures, locks, unlocks,
    refusals, exports, unmasked phones, role changes). Rows are only ever inserted: the admin is
    read-only for everyone, and on PostgreSQL a trigger (migration 0007) refuses UPDATE and DELETE
    except the deletion of rows past the retention period by the prune job."""

    class Event(models.TextChoices):
        LOGIN = "login", _("登录成功")
        LOGIN_FAILED = "login_failed", _("登录失败")
        LOGOUT = "logout", _("退出登录")
        LOCKED = "locked", _("账号锁定")
        UNLOCKED = "unlocked", _("解除锁定")
        THROTTLED = "throttled", _("来源地址限流")
        DENIED = "denied", _("拒绝访问")
        EXPORT = "export", _("导出数据")
        REVEAL_PHONE = "reveal_phone", _("查看完整手机号")
        ROLE_CHANGE = "role_change", _("角色变更")
        USER_DISABLED = "user_disabled", _("停用账号")
        PASSWORD_CHANGE = "password_change", _("修改密码")
        OTP_VERIFIED = "otp_verified", _("两步验证通过")
        OTP_FAILED = "otp_failed", _("两步验证失败")
        OTP_RECOVERY = "otp_recovery", _("使用恢复码登录")
        OTP_ENROLLED = "otp_enrolled", _("启用两步验证")
        OTP_DISABLED = "otp_disabled", _("关闭两步验证")
        OTP_RESET = "otp_reset", _("重置两步验证")

    class Outcome(models.TextChoices):
        SUCCESS = "success", _("成功")
        FAILURE = "failure", _("失败")
        DENIED = "denied", _("拒绝")

    time = models.DateTimeField(_("时间"), default=timezone.now, db_index=True)
    # No database constraint and no cascade: deleting an account must neither delete nor update
    # its audit rows (the trigger would refuse the update anyway).
    user = models.ForeignKey(
        User,
        verbose_name=_("用户"),
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    username = models.CharField(_("账号"), max_length=150, blank=True)
    ip = models.CharField(_("IP 地址"), max_length=45, blank=True)
    event = models.CharField(_("事件"), max_length=32, choices=Event.choices, db_index=True)
    object_type = models.CharField(_("对象类型"), max_length=100, blank=True)
    object_id = models.CharField(_("对象编号"), max_length=64, blank=True)
    object_repr = models.CharField(_("对象"), max_length=200, blank=True)
    outcome = models.CharField(_("结果"), max_length=16, choices=Outcome.choices, default=Outcome.SUCCESS)
    detail = models.CharField(_("说明"), max_length=255, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("安全审计记录")
        verbose_name_plural = _("安全审计记录")
        ordering = ["-time", "-pk"]
        # Only "view" exists: no role can even be granted add, change or delete.
        default_permissions = ("view",)

    def __str__(self):
        return f"{self.time:%Y-%m-%d %H:%M:%S} {self.get_event_display()} {self.username}"


class RecoveryCodeDevice(ThrottlingMixin, Device):
    """A user's single-use recovery codes, as one django-otp device (used when the phone is lost).

    Not django-otp's own `otp_static`: it stores its tokens in clear text. Here only a keyed hash of
    each code is kept (accounts/second_factor.py), and a code is deleted once used."""

    class Meta:
        verbose_name = _("恢复码")
        verbose_name_plural = _("恢复码")

    def get_throttle_factor(self):
        return getattr(settings, "OTP_RECOVERY_THROTTLE_FACTOR", 1)

    def verify_token(self, token):
        from .second_factor import recovery_matches

        allowed, _info = self.verify_is_allowed()
        if not allowed:
            return False
        # Each code has its own salt: compare with each (a handful per user).
        match = next((c for c in self.codes.all() if recovery_matches(token, c.digest)), None)
        used = match is not None and RecoveryCode.objects.filter(pk=match.pk).delete()[0] > 0
        if used:
            self.throttle_reset()
        else:
            self.throttle_increment()
        return used


class RecoveryCode(models.Model):
    device = models.ForeignKey(RecoveryCodeDevice, on_delete=models.CASCADE, related_name="codes")
    # "salt$HMAC-SHA256" of the normalised code, keyed with SECRET_KEY (second_factor.recovery_digest).
    digest = models.CharField(max_length=80)

    class Meta:
        verbose_name = _("恢复码")
        verbose_name_plural = _("恢复码")

    def __str__(self):
        return f"{self.device_id}:{self.digest[:8]}"
