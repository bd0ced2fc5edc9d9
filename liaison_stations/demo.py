"""Demo liaison stations of the fictional county (青禾县): stations in several
townships with their deputies, recurring duties over the past year and the
coming weeks (published up to five weeks ahead), attendance, a year of
receptions and citizens' issues in every state, online messages, bookings and
activities. Everything goes through the services, with a fixed random seed.

The `station` account manages the 澄溪街道 station; the `deputy` account
(林晓舟) is on its roster; the `liaison` account (县教育局) has issues referred
to it. Residents' names and phones below are invented; the public-page test
checks that none of them ever appears publicly.
"""

import datetime
import random

from django.db import transaction
from django.utils import timezone

from congress.models import Organization, User
from deputies.models import Deputy, Mandate, MandateStatus
from liaison_stations import services
from liaison_stations.models import (
    DutySlot,
    SlotStatus,
    StandardCheck,
    Station,
    StationType,
)

SEED = 13
MANAGED_STATION = "澄溪街道人大代表联络站"
# (name, type, division, address, lat, lon, hours)
STATIONS = [
    (
        MANAGED_STATION,
        StationType.SUBDISTRICT,
        "澄溪街道",
        "澄溪街道办事处二楼",
        29.871,
        121.552,
    ),
    (
        "云岭街道人大代表联络站",
        StationType.SUBDISTRICT,
        "云岭街道",
        "云岭街道党群服务中心",
        29.889,
        121.531,
    ),
    (
        "禾丰镇人大代表联络站",
        StationType.TOWNSHIP,
        "禾丰镇",
        "禾丰镇人民政府大院内",
        29.802,
        121.468,
    ),
    (
        "南塘镇人大代表联络站",
        StationType.TOWNSHIP,
        "南塘镇",
        "南塘镇便民服务中心",
        29.756,
        121.603,
    ),
    (
        "柳溪乡人大代表联络站",
        StationType.TOWNSHIP,
        "柳溪乡",
        "柳溪乡人民政府大院内",
        29.701,
        121.412,
    ),
    (
        "石桥乡人大代表联络站",
        StationType.TOWNSHIP,
        "石桥乡",
        "石桥乡民调中心",
        29.668,
        121.489,
    ),
    (
        "禾丰社区代表联络室",
        StationType.COMMUNITY_ROOM,
        "禾丰社区",
        "禾丰社区会议室",
        29.805,
        121.471,
    ),
    (
        "柳溪村人大代表联络站",
        StationType.VILLAGE,
        "柳溪村",
        "柳溪村便民服务中心",
        29.705,
        121.409,
    ),
]
RULES_TEXT = (
    "一、代表接待选民制度：每月5日、20日为代表接待日，遇节假日顺延至后第一个工作日。\n"
    "二、代表坐班制度：每周二安排代表坐班接待群众。\n"
    "三、群众意见处理制度：当天能够解决的当天解决，不能解决的留下联系方式，一个月内予以答复。\n"
    "四、代表学习制度、视察调研制度、请假制度、活动情况记录及上报制度。"
)
# Invented residents (the public-page test greps every public response for them).
DEMO_VISITORS = [
    ("何秀珍", "13905810001"),
    ("骆志刚", "13905810002"),
    ("蒋月华", "13905810003"),
    ("邬建平", "13905810004"),
    ("应素琴", "13905810005"),
    ("俞国庆", "13905810006"),
    ("裘美娟", "13905810007"),
    ("楼德胜", "13905810008"),
]
ISSUES = [
    ("infrastructure", "澄溪路与新河街交叉口路灯损坏多日，夜间出行不便", "澄溪路"),
    ("infrastructure", "村道坑洼积水，雨天学生上学困难，希望尽快修补", "柳溪村"),
    ("education", "小区附近缺少公办幼儿园学位，希望增加托育服务", "云岭小区"),
    ("health", "社区卫生服务站周末不开诊，老人看病不便", "澄溪社区"),
    ("social", "独居老人助餐点饭菜价格偏高，希望给予补贴", "禾丰社区"),
    ("environment", "河道垃圾清理不及时，夏季有异味", "南塘河"),
    ("agriculture", "高标准农田灌溉渠年久失修，影响春耕", "石桥乡"),
    ("economy", "小微企业办理开业手续跑多个窗口，希望一窗通办", "县政务中心"),
    ("law", "邻里宅基地界址纠纷，希望调解", "柳溪村"),
    ("other", "希望公交线路延伸到新建安置小区", "云岭街道"),
]
ANSWERS = [
    "已安排维修，本周内完成，感谢您的反映。",
    "已列入今年修缮计划，下月开工。",
    "经研究，将在新学期增加学位，并与您电话沟通了具体安排。",
]


def _deputies_of(division) -> list[Deputy]:
    """Eight deputies elected in the division (a village or community station
    takes those of its township)."""
    offset = 0
    while division is not None:
        deputies = list(
            Deputy.objects.filter(
                mandates__division=division, mandates__status=MandateStatus.SERVING
            )
            .distinct()
            .order_by("pk")[offset : offset + 8]
        )
        if deputies:
            return deputies
        division, offset = division.parent, 8
    return []


def _stations(office, manager) -> list[Station]:
    from congress.models import Division

    stations = []
    for name, type_, division_name, address, lat, lon in STATIONS:
        division = Division.objects.get(name=division_name)
        station = services.station_create(
            user=office,
            name=name,
            type=type_,
            division=division,
            address=address,
            latitude=lat,
            longitude=lon,
            phone="0574-8800" + str(1000 + len(stations)),
            opens_at=datetime.time(8, 30),
            closes_at=datetime.time(17, 30),
            hours_note="工作日 8:30–12:00，14:00–17:30",
            rules_text=RULES_TEXT,
            liaison_staff="联络员 王海燕",
        )
        deputies = _deputies_of(division)
        if name == MANAGED_STATION:
            demo = Deputy.objects.filter(user__username="deputy").first()
            if demo and demo not in deputies:
                deputies = [demo, *deputies[:7]]
        services.station_deputies_set(station, deputies, user=office)
        if deputies:
            station.chief = deputies[-1]
            station.save(update_fields=["chief"])
            station.deputy_chiefs.set(deputies[-3:-1])
        if manager and name == MANAGED_STATION:
            services.station_manager_grant(station, manager, user=office)
        stations.append(station)
    return stations


def _roster(station, office, today, rng) -> list[DutySlot]:
    start = today - datetime.timedelta(days=365)
    end = today + datetime.timedelta(days=56)
    members = list(station.deputies.order_by("pk"))
    rule = services.duty_rule_create(
        station,
        user=office,
        kind="reception_day",
        frequency="monthly",
        days_of_month=[5, 20],
        start_time=datetime.time(9),
        end_time=datetime.time(11, 30),
        on_holiday="shift",
        valid_from=start,
    )
    slots = services.slots_generate(rule, start=start, end=end, user=office)
    if station.name == MANAGED_STATION:
        weekly = services.duty_rule_create(
            station,
            user=office,
            kind="sitting",
            frequency="weekly",
            weekday=1,
            start_time=datetime.time(14),
            end_time=datetime.time(17),
            on_holiday="skip",
            valid_from=today - datetime.timedelta(days=120),
        )
        slots += services.slots_generate(
            weekly,
            start=today - datetime.timedelta(days=120),
            end=end,
            user=office,
        )
    demo = Deputy.objects.filter(user__username="deputy").first()
    for index, slot in enumerate(sorted(slots, key=lambda s: s.date)):
        if not members:
            break
        chosen = {members[index % len(members)], members[(index + 3) % len(members)]}
        if station.name == MANAGED_STATION and demo and index % 3 == 0:
            chosen.add(demo)
        for deputy in chosen:
            try:
                services.slot_assign(slot, deputy, user=office)
            except services.RosterRefused:
                continue
    services.slots_publish(
        station, until=today + datetime.timedelta(days=35), user=office
    )
    return slots


def _attendance(slots, office, today, rng) -> None:
    for slot in slots:
        if slot.date >= today:
            continue
        for assignment in slot.assignments.select_related("deputy", "slot__station"):
            services.duty_confirm(assignment, attended=rng.random() < 0.85, user=office)


def _issues(station, slots, office, today, rng, organizations) -> None:
    """Receptions on about half the past duties, each with an issue in one of
    the states, so that every state is represented."""
    past = [s for s in slots if s.date < today and s.status == SlotStatus.PUBLISHED]
    # The demo deputy drafts the suggestions of the managed station; the
    # other stations' go to deputies with logins of their own (deputy2 …).
    with_login = list(
        Deputy.objects.filter(user__isnull=False).order_by("user__username")
    )
    demo = (
        next((d for d in with_login if d.user.username == "deputy"), None)
        if station.name == MANAGED_STATION
        else (with_login[-1] if with_login else None)
    )
    # A municipal deputy (who answers in their workspace, or the station on
    # their behalf when they have no login).
    higher = (
        Deputy.objects.filter(mandates__level="municipal", mandates__status="serving")
        .order_by("pk")
        .first()
        or demo
    )
    for number, slot in enumerate(past[::2]):
        present = [a.deputy for a in slot.assignments.all()] or list(
            station.deputies.all()[:1]
        )
        if not present:
            continue
        reception = services.reception_record(
            station,
            user=office,
            kind="sitting" if slot.kind == "sitting" else "voter_meeting",
            date=slot.date,
            deputies=present,
            visitor_count=rng.randint(1, 6),
            summary="接待来访群众，听取意见建议。",
            slot=slot,
        )
        name, phone = DEMO_VISITORS[number % len(DEMO_VISITORS)]
        category, content, place = ISSUES[number % len(ISSUES)]
        received = timezone.make_aware(
            datetime.datetime.combine(slot.date, datetime.time(10))
        )
        issue = services.issue_record(
            reception,
            user=office,
            citizen_name=name,
            citizen_phone=phone,
            content=content,
            category=category,
            place=place,
            now=received,
        )
        _route(issue, number, office, rng, organizations, demo, higher, received)


def _route(issue, number, office, rng, organizations, demo, higher, received):
    later = received + datetime.timedelta(days=rng.randint(3, 20))
    step = number % 9
    if step == 0:
        return  # still received
    if step == 1:
        services.issue_solve(issue, user=office, reply="当场解答政策，群众表示满意。")
        return
    if step == 7:
        services.issue_screen_out(
            issue, user=office, reason="属于司法程序中的个案，不在代表联络站受理范围"
        )
        return
    if step == 8 and demo and demo.user_id:
        services.issue_to_suggestion(issue, user=office, deputy=demo)
        return
    if step == 6 and higher:
        services.issue_pass_up(issue, user=office, deputy=higher, now=received)
        return
    organization = organizations[(number // 9 + number) % len(organizations)]
    services.issue_refer(issue, user=office, organization=organization, now=received)
    if step == 2 or later.date() > timezone.localdate():
        return  # awaiting the organisation's answer (some overdue)
    services.issue_answer(issue, user=office, reply=ANSWERS[number % 3], now=later)
    if step == 3:
        return  # answered, awaiting feedback
    if step == 5:
        services.issue_feedback(issue, user=office, feedback="dissatisfied", now=later)
        return  # reopened
    services.issue_feedback(issue, user=office, feedback="satisfied", now=later)


def _online(stations, today, rng) -> None:
    for number, station in enumerate(stations[:4]):
        name, phone = DEMO_VISITORS[(number + 3) % len(DEMO_VISITORS)]
        services.message_receive(
            station,
            citizen_name=name,
            citizen_phone=phone,
            content="小区电梯老化，希望加装或更新，请代表帮忙反映。",
            category="infrastructure",
            now=timezone.now() - datetime.timedelta(days=number + 1),
        )
        slot = (
            DutySlot.objects.filter(
                station=station, status=SlotStatus.PUBLISHED, date__gt=today
            )
            .order_by("date")
            .first()
        )
        if slot:
            services.booking_request(
                slot,
                citizen_name=name,
                citizen_phone=phone,
                topic="想当面反映农村养老服务的问题",
                today=today,
            )


def _standard(stations, office, manager) -> None:
    for index, station in enumerate(stations):
        checks = services.checks_ensure(station)
        actor = manager if (manager and station.name == MANAGED_STATION) else office
        for position, check in enumerate(checks):
            if index % 3 == 2 and position > 5:
                continue
            services.check_self_assess(check, met=True, note="见台账及照片", user=actor)
            if index % 3 == 0 or position < 4:
                services.check_review(
                    StandardCheck.objects.get(pk=check.pk),
                    accept=True,
                    note="",
                    user=office,
                )


def _activities(stations, office, today) -> None:
    kinds = [
        ("study", "学习《代表法》和代表履职知识"),
        ("inspection", "视察辖区老旧小区改造项目"),
        ("research", "农村养老服务专题调研"),
        ("forum", "选民代表座谈会"),
        ("officials", "县交通运输局负责人到站与代表和选民见面"),
    ]
    for station in stations:
        members = list(station.deputies.all())
        for months_ago, (kind, title) in enumerate(kinds):
            activity = services.activity_create(
                station,
                user=office,
                kind=kind,
                title=title,
                date=today - datetime.timedelta(days=30 * (months_ago * 2 + 1)),
            )
            if members:
                services.activity_sign_in(activity, members[::2], user=office)


def seed_stations() -> None:
    """The demo stations; does nothing when stations exist already."""
    if Station.objects.exists():
        return
    office = User.objects.filter(username="office").first()
    if office is None or not Mandate.objects.exists():
        return
    manager = User.objects.filter(username="station").first()
    rng = random.Random(SEED)  # noqa: S311 (reproducible demo data)
    today = timezone.localdate()
    organizations = list(
        Organization.objects.filter(
            name__in=["青禾县教育局", "青禾县交通运输局", "青禾县住房和城乡建设局"]
        ).order_by("name")
    )
    with transaction.atomic():
        stations = _stations(office, manager)
        for station in stations:
            _roster(station, office, today, rng)
            slots = list(
                DutySlot.objects.filter(station=station).prefetch_related(
                    "assignments__deputy"
                )
            )
            _attendance(slots, office, today, rng)
            _issues(station, slots, office, today, rng, organizations)
        _online(stations, today, rng)
        _standard(stations, office, manager)
        _activities(stations, office, today)
