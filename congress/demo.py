"""The fictional demo county (青禾县). Every name here is invented."""

import datetime

from congress.models import Division, Meeting, Organization, Term
from congress.roles import Role

# Apps add their demo data with register_seeder() from AppConfig.ready().
_seeders = []


def register_seeder(seeder) -> None:
    _seeders.append(seeder)


def seed_all() -> list[str]:
    """Everything, in dependency order; returns the demo usernames created."""
    seed_structure()
    created = seed_accounts()
    seed_notices()
    for seeder in _seeders:
        seeder()
    return created


DEMO_PASSWORD = "congress-demo"  # noqa: S105 (documented demo password)
COUNTY_CODE = "990100"

DIVISIONS = [
    ("青禾县", COUNTY_CODE, Division.Level.COUNTY, None),
    ("禾丰镇", "990100100000", Division.Level.TOWN, COUNTY_CODE),
    ("南塘镇", "990100101000", Division.Level.TOWN, COUNTY_CODE),
    ("柳溪乡", "990100200000", Division.Level.TOWNSHIP, COUNTY_CODE),
    ("石桥乡", "990100201000", Division.Level.TOWNSHIP, COUNTY_CODE),
    ("澄溪街道", "990100001000", Division.Level.SUBDISTRICT, COUNTY_CODE),
    ("云岭街道", "990100002000", Division.Level.SUBDISTRICT, COUNTY_CODE),
    ("禾丰社区", "990100100001", Division.Level.COMMUNITY, "990100100000"),
    ("柳溪村", "990100200201", Division.Level.VILLAGE, "990100200000"),
]

K = Organization.Kind
ORGANIZATIONS = [
    # (name, short name, kind, parent, handles motions and suggestions)
    ("青禾县人大常委会办公室", "办公室", K.GENERAL_OFFICE, None, False),
    ("选举任免代表联络工作委员会", "选任联工委", K.WORKING_BODY, None, False),
    ("财政经济工作委员会", "财经工委", K.WORKING_BODY, None, False),
    ("法制工作委员会", "法工委", K.WORKING_BODY, None, False),
    ("教育科学文化卫生工作委员会", "教科文卫工委", K.WORKING_BODY, None, False),
    ("农业农村工作委员会", "农工委", K.WORKING_BODY, None, False),
    ("青禾县人民政府", "县政府", K.GOVERNMENT, None, True),
    ("青禾县人民政府办公室", "县政府办", K.GOVERNMENT_OFFICE, "青禾县人民政府", True),
    ("青禾县教育局", "县教育局", K.GOVERNMENT_DEPARTMENT, "青禾县人民政府", True),
    ("青禾县交通运输局", "县交通局", K.GOVERNMENT_DEPARTMENT, "青禾县人民政府", True),
    ("青禾县卫生健康局", "县卫健局", K.GOVERNMENT_DEPARTMENT, "青禾县人民政府", True),
    (
        "青禾县农业农村局",
        "县农业农村局",
        K.GOVERNMENT_DEPARTMENT,
        "青禾县人民政府",
        True,
    ),
    (
        "青禾县住房和城乡建设局",
        "县住建局",
        K.GOVERNMENT_DEPARTMENT,
        "青禾县人民政府",
        True,
    ),
    ("青禾县人民法院", "县法院", K.COURT, None, True),
    ("青禾县人民检察院", "县检察院", K.PROCURATORATE, None, True),
    ("青禾县监察委员会", "县监委", K.SUPERVISION_COMMISSION, None, True),
    ("禾丰镇人大主席团", "禾丰镇主席团", K.TOWNSHIP_PRESIDIUM, None, False),
    ("澄溪街道人大工委", "澄溪街道工委", K.SUBDISTRICT_COMMITTEE, None, False),
]

M = Meeting.Kind
MEETINGS = [
    (M.CONGRESS_SESSION, 4, datetime.date(2025, 1, 8), datetime.date(2025, 1, 10)),
    (M.CONGRESS_SESSION, 5, datetime.date(2026, 1, 7), datetime.date(2026, 1, 9)),
    (M.COMMITTEE_MEETING, 24, datetime.date(2026, 6, 26), datetime.date(2026, 6, 27)),
    (M.COMMITTEE_MEETING, 25, datetime.date(2026, 8, 28), datetime.date(2026, 8, 28)),
    (M.COMMITTEE_MEETING, 26, datetime.date(2026, 10, 29), datetime.date(2026, 10, 30)),
    (M.COUNCIL_MEETING, 41, datetime.date(2026, 11, 5), datetime.date(2026, 11, 5)),
]

# (username, real name, roles, organisation, working body, division, superuser)
ACCOUNTS = [
    ("admin", "系统管理员", [], None, None, None, True),
    ("office", "周文静", [Role.OFFICE], None, "青禾县人大常委会办公室", None, False),
    ("leader", "陈国华", [Role.LEADER, Role.MEMBER], None, None, None, False),
    ("member", "郑海燕", [Role.MEMBER], None, None, None, False),
    ("deputy", "林晓舟", [Role.DEPUTY], None, None, None, False),
    ("liaison", "赵立新", [Role.ORG_LIAISON], "青禾县教育局", None, None, False),
    ("station", "孙雨桐", [Role.STATION_MANAGER], None, None, "澄溪街道", False),
    # 三员分立: the security and audit administrators, each their own person.
    ("security", "钱安宁", [Role.SECURITY_ADMIN], None, None, None, False),
    ("auditor", "吴审言", [Role.AUDIT_ADMIN], None, None, None, False),
]


def seed_structure() -> Term:
    divisions = {}
    for name, code, level, parent in DIVISIONS:
        divisions[code], _created = Division.objects.get_or_create(
            code=code,
            defaults={"name": name, "level": level, "parent": divisions.get(parent)},
        )
    organizations = {}
    for name, short_name, kind, parent, handles in ORGANIZATIONS:
        organizations[name], _created = Organization.objects.get_or_create(
            name=name,
            defaults={
                "short_name": short_name,
                "kind": kind,
                "parent": organizations.get(parent),
                "is_handling_unit": handles,
            },
        )
    term, _created = Term.objects.get_or_create(
        number=9, defaults={"start_date": datetime.date(2022, 1, 6), "is_current": True}
    )
    for kind, number, start, end in MEETINGS:
        Meeting.objects.get_or_create(
            term=term,
            kind=kind,
            number=number,
            defaults={
                "start_date": start,
                "end_date": end,
                "place": "县人大常委会会议室",
            },
        )
    return term


def seed_accounts() -> list[str]:
    """The pinned demo accounts; returns the usernames that were created."""
    from congress.models import User

    created_usernames = []
    for username, name, roles, org, body, division, superuser in ACCOUNTS:
        user, created = User.objects.get_or_create(
            username=username,
            defaults={
                "real_name": name,
                "organization": Organization.objects.filter(name=org).first(),
                "working_body": Organization.objects.filter(name=body).first(),
                "division": Division.objects.filter(name=division).first(),
                "is_superuser": superuser,
                "is_staff": superuser,
            },
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
            user.groups.set([role.group() for role in roles])
            created_usernames.append(username)
    return created_usernames


def seed_notices() -> None:
    """A few unread notices for each demo account that has none yet."""
    from congress.models import Notification, User
    from congress.notifications import notify_bulk

    meeting = Meeting.objects.order_by("-start_date").first()
    users = User.objects.filter(username__in=[row[0] for row in ACCOUNTS]).exclude(
        pk__in=Notification.objects.values("recipient")
    )
    items = []
    for user in users:
        items.append((user, "congress.welcome", {"name": user.real_name}, None, ""))
        items.append(
            (
                user,
                "congress.meeting_notice",
                {
                    "meeting": str(meeting),
                    "date": meeting.start_date.isoformat(),
                    "place": meeting.place,
                },
                meeting,
                "",
            )
        )
    notify_bulk(items)
