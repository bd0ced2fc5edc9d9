"""Demo deputies of the fictional county (青禾县): invented people, reproducible.

Names, ID numbers and mobile numbers are generated from small lists with a
fixed random seed, so every installation gets the same registry. The ID
numbers carry the demo county's region code 990100, which no real region
has: they pass the check-digit validation and only raise the "unknown
region" warning. `generate_scale_data` reuses the person generator.
"""

import datetime
import random
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone
from stdnum.cn import ric

from congress.demo import COUNTY_CODE
from congress.models import Division, Meeting, Term
from deputies import services
from deputies.models import (
    ActivityKind,
    Affiliation,
    AnnualEvaluation,
    AttendanceStatus,
    Constituency,
    Deputy,
    DeputyGroup,
    Education,
    EvaluationResult,
    Gender,
    Level,
    Mandate,
    MeetingAttendance,
    PerformanceRecord,
    PerformanceRecordEvent,
    RecordStatus,
)

SEED = 2026
DEMO_DEPUTY_NAME = "林晓舟"

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁"
    "潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦"
    "邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
)
GIVEN_MALE = (
    "伟强磊军勇杰涛明超辉华建国平刚斌鹏宇浩俊志海峰波林晨阳文庆东新春永德成立振兴"
)
GIVEN_FEMALE = "芳娟敏静丽艳霞燕玲婷红梅琳雪慧洁颖萍莉娜倩佳秀兰晓欣雅悦丹凤"
GIVEN_ANY = "晓雨思子嘉文欣安宁亦清和"
# Names of the "given name·father's name" pattern, combined at random.
DOT_FEMALE = ["阿依努尔", "古丽巴哈尔", "热依拉", "米日古丽", "帕提古丽", "再努尔"]
DOT_MALE = ["艾尔肯", "买买提江", "阿卜杜拉", "吐尔洪", "努尔兰", "热合曼", "库尔班"]
DOT_FATHER = ["吐尔逊", "艾买提", "卡德尔", "沙吾提", "玉素甫", "阿不力孜", "托合提"]
DOT_ETHNICITIES = ["维吾尔族", "哈萨克族"]
OTHER_MINORITIES = ["回族", "苗族", "土家族", "壮族", "满族", "彝族", "蒙古族"]

COMPOSITIONS = {
    "工人": 12,
    "农民": 20,
    "专业技术人员": 20,
    "党政干部": 22,
    "企业负责人": 15,
    "解放军": 2,
    "其他": 9,
}
AFFILIATIONS = {
    Affiliation.CPC: 66,
    Affiliation.CPC_PROBATIONARY: 1,
    Affiliation.CYL: 2,
    Affiliation.CDL: 2,
    Affiliation.CNDCA: 1,
    Affiliation.CAPD: 1,
    Affiliation.CPWDP: 1,
    Affiliation.JIUSAN: 1,
    Affiliation.NON_PARTY: 12,
    Affiliation.MASSES: 13,
}
EDUCATIONS = {
    Education.POSTGRADUATE: 8,
    Education.UNIVERSITY: 40,
    Education.COLLEGE: 27,
    Education.SECONDARY: 17,
    Education.JUNIOR: 8,
}
EMPLOYERS = {
    "工人": ["{d}农机修造厂车间主任", "青禾县供电公司线路班班长", "{d}建筑队技术员"],
    "农民": ["{d}{v}村党支部书记", "{d}{v}村村民委员会主任", "{d}{v}村种植大户"],
    "专业技术人员": [
        "青禾县人民医院主治医师",
        "青禾县第一中学教师",
        "{d}中心小学校长",
        "{d}农业技术推广站农艺师",
        "{d}卫生院医生",
    ],
    "党政干部": ["{d}党委书记", "{d}人民政府副职", "青禾县司法局干部", "{d}党政办主任"],
    "企业负责人": ["青禾{x}有限公司董事长", "{d}{c}专业合作社理事长", "{d}{f}厂厂长"],
    "解放军": ["青禾县人民武装部干部"],
    "其他": ["{d}个体工商户", "青禾县律师事务所律师", "{d}退休教师"],
}
VILLAGES = ["柳溪", "东岗", "新屯", "桃园", "上坪", "河湾", "杏林", "北塘"]
BUSINESSES = ["禾源食品", "清泉茶业", "丰禾米业", "青溪建材", "云岭农业", "溪桥物流"]
CROPS = ["茶叶", "果蔬", "水稻", "中药材", "生猪养殖"]
FACTORIES = ["竹制品", "农副产品加工", "砖", "食品"]
TOPICS = [
    "农村公路养护",
    "义务教育均衡发展",
    "养老服务",
    "农村饮水安全",
    "基层医疗",
    "营商环境",
    "人居环境整治",
    "高标准农田建设",
]
ACTIVITIES = {
    # kind: (weight, description templates, hours choices)
    ActivityKind.INSPECTION: (10, ["视察{d}{t}工作"], [2, 3, 4]),
    ActivityKind.RESEARCH: (9, ["参加{t}专题调研"], [3, 4, 8]),
    ActivityKind.LAW_ENFORCEMENT: (4, ["参加《食品安全法》执法检查"], [4, 8]),
    ActivityKind.INQUIRY_APPRAISAL: (3, ["参加对县卫生健康局的工作评议"], [4]),
    ActivityKind.GROUP_ACTIVITY: (16, ["参加{g}集中活动"], [2, 3]),
    ActivityKind.STATION_RECEPTION: (
        14,
        ["在{d}代表联络站接待选民，收集意见{n}条"],
        [2, 3],
    ),
    ActivityKind.VOTER_CONTACT: (18, ["走访选民{n}户，了解{t}情况"], [1, 2]),
    ActivityKind.TRAINING: (5, ["参加县人大常委会组织的代表履职培训"], [4, 8]),
    ActivityKind.REPORT_TO_VOTERS: (3, ["向原选区选民报告履职情况"], [2]),
    ActivityKind.PROPOSAL: (6, ["提出关于加强{t}的建议"], [None]),
    ActivityKind.OTHER: (4, ["参加{d}{t}座谈会"], [2]),
}
RETURN_REASON = "活动时间与联络站登记不符，请核对后重新提交。"

# How many deputies hold which seats: (levels, number of deputies).
ROSTER = [
    ((Level.COUNTY,), 165),
    ((Level.TOWNSHIP,), 120),
    ((Level.COUNTY, Level.MUNICIPAL), 8),
    ((Level.MUNICIPAL,), 3),
    ((Level.COUNTY, Level.PROVINCIAL), 1),
    ((Level.PROVINCIAL,), 2),
    ((Level.NATIONAL,), 1),
]
ELECTING_UNITS = {
    Level.MUNICIPAL: "青禾县人民代表大会",
    Level.PROVINCIAL: "青川市人民代表大会",
    Level.NATIONAL: "云川省人民代表大会",
}
# Constituencies per township-level division, in the order of congress.demo.
CONSTITUENCIES_PER_DIVISION = [8, 6, 6, 5, 8, 7]
COUNTY_ORGAN_GROUPS = ["县直机关第一代表小组", "县直机关第二代表小组"]


def pick(rng: random.Random, weighted: dict):
    return rng.choices(list(weighted), weights=list(weighted.values()))[0]


def fake_name(rng: random.Random, gender: str, ethnicity: str) -> str:
    if ethnicity in DOT_ETHNICITIES:
        first = DOT_FEMALE if gender == Gender.FEMALE else DOT_MALE
        return f"{rng.choice(first)}·{rng.choice(DOT_FATHER)}"
    chars = (GIVEN_FEMALE if gender == Gender.FEMALE else GIVEN_MALE) + GIVEN_ANY
    given = "".join(rng.choice(chars) for _ in range(rng.choice((1, 2, 2, 2))))
    return rng.choice(SURNAMES) + given


def fake_id_number(
    rng: random.Random, birth: datetime.date, gender: str, used: set[str]
) -> str:
    """A valid-format ID number with the demo region code, unique in `used`."""
    while True:
        sequence = rng.randrange(500) * 2 + (1 if gender == Gender.MALE else 0)
        body = f"{COUNTY_CODE}{birth:%Y%m%d}{sequence:03d}"
        number = body + ric.calc_check_digit(body + "0")
        if number not in used:
            used.add(number)
            return number


def fake_person(
    rng: random.Random, *, today: datetime.date, division: str, used_ids: set[str]
) -> dict:
    """Field values for one invented Deputy living in `division`."""
    gender = Gender.FEMALE if rng.random() < 0.3 else Gender.MALE
    ethnicity = "汉族"
    if rng.random() < 0.05:
        ethnicity = rng.choice(DOT_ETHNICITIES + OTHER_MINORITIES)
    age = round(rng.triangular(28, 65, 50))
    birth = today - datetime.timedelta(days=age * 365 + rng.randrange(365))
    composition = pick(rng, COMPOSITIONS)
    employer = rng.choice(EMPLOYERS[composition]).format(
        d=division,
        v=rng.choice(VILLAGES),
        x=rng.choice(BUSINESSES),
        c=rng.choice(CROPS),
        f=rng.choice(FACTORIES),
    )
    has_id = rng.random() < 0.85
    return {
        "name": fake_name(rng, gender, ethnicity),
        "gender": gender,
        "ethnicity": ethnicity,
        "birth_date": birth,
        "id_number": fake_id_number(rng, birth, gender, used_ids) if has_id else "",
        "affiliation": pick(rng, AFFILIATIONS),
        "education": pick(rng, EDUCATIONS),
        "employer_and_post": employer,
        "composition": composition,
        "mobile": f"1{rng.choice('3578')}{rng.randrange(10**9):09d}"
        if rng.random() < 0.9
        else "",
        "is_core": rng.random() < 0.1,
        "no_fixed_income": composition in ("农民", "其他") and rng.random() < 0.5,
    }


def fake_activity(rng: random.Random, *, division: str, group: str) -> tuple:
    """(kind, description, hours) of one plausible recess activity."""
    weights = {kind: spec[0] for kind, spec in ACTIVITIES.items()}
    kind = pick(rng, weights)
    _weight, templates, hours = ACTIVITIES[kind]
    description = rng.choice(templates).format(
        d=division, t=rng.choice(TOPICS), g=group, n=rng.randint(2, 15)
    )
    chosen = rng.choice(hours)
    return kind, description, None if chosen is None else Decimal(chosen)


@dataclass
class Structure:
    """The current term's divisions, constituencies and deputy groups."""

    term: Term
    divisions: list[Division]
    constituencies: dict[int, list[Constituency]] = field(default_factory=dict)
    groups: dict[int, DeputyGroup] = field(default_factory=dict)
    organ_groups: list[DeputyGroup] = field(default_factory=list)


def structure_ensure(term: Term) -> Structure:
    """Constituencies and deputy groups of the demo divisions (get or create)."""
    county = Division.objects.get(code=COUNTY_CODE)
    divisions = list(Division.objects.filter(parent=county).order_by("code"))
    divisions = divisions[: len(CONSTITUENCIES_PER_DIVISION)]
    structure = Structure(term=term, divisions=divisions)
    number = 0
    for division, count in zip(divisions, CONSTITUENCIES_PER_DIVISION, strict=False):
        structure.constituencies[division.pk] = []
        for _i in range(count):
            number += 1
            constituency, _created = Constituency.objects.get_or_create(
                term=term,
                number=number,
                defaults={
                    "name": f"第{number}选区（{division.name}）",
                    "division": division,
                },
            )
            structure.constituencies[division.pk].append(constituency)
        structure.groups[division.pk], _created = DeputyGroup.objects.get_or_create(
            term=term, name=f"{division.name}代表小组", defaults={"division": division}
        )
    for name in COUNTY_ORGAN_GROUPS:
        group, _created = DeputyGroup.objects.get_or_create(
            term=term, name=name, defaults={"division": county}
        )
        structure.organ_groups.append(group)
    return structure


def _group_for(structure: Structure, rng: random.Random, deputy, division):
    """County-organ cadres meet in the county-organ groups, others at home."""
    if deputy.composition == "党政干部" and deputy.employer_and_post.startswith("青禾"):
        return rng.choice(structure.organ_groups)
    return structure.groups[division.pk]


def mandates_build(
    structure: Structure, rng: random.Random, deputy: Deputy, levels, division
) -> list[Mandate]:
    """Unsaved mandates of one deputy resident in `division`."""
    mandates = []
    for level in levels:
        mandate = Mandate(
            deputy=deputy,
            level=level,
            term=structure.term,
            division=division,
            electing_unit=ELECTING_UNITS.get(level, ""),
        )
        if level == Level.COUNTY:
            mandate.constituency = rng.choice(structure.constituencies[division.pk])
        mandates.append(mandate)
    return mandates


def memberships_create(pairs: list[tuple[Mandate, DeputyGroup]]) -> None:
    through = Mandate.groups.through
    through.objects.bulk_create(
        [through(mandate_id=m.pk, deputygroup_id=g.pk) for m, g in pairs],
        batch_size=5000,
    )


@dataclass
class Seeded:
    deputies: list[Deputy] = field(default_factory=list)
    mandates: list[Mandate] = field(default_factory=list)
    group_of: dict[int, DeputyGroup] = field(default_factory=dict)  # by deputy pk


def _deputies_create(structure: Structure, rng: random.Random, today) -> Seeded:
    used_ids = set(
        Deputy.objects.exclude(id_number="").values_list("id_number", flat=True)
    )
    weights = dict(zip(structure.divisions, CONSTITUENCIES_PER_DIVISION, strict=False))
    plan = []
    for levels, count in ROSTER:
        for _i in range(count):
            division = pick(rng, weights)
            values = fake_person(
                rng, today=today, division=division.name, used_ids=used_ids
            )
            plan.append((Deputy(**values), levels, division))
    seeded = Seeded(deputies=Deputy.objects.bulk_create([row[0] for row in plan]))
    pairs = []
    for deputy, levels, division in plan:
        mandates = mandates_build(structure, rng, deputy, levels, division)
        group = _group_for(structure, rng, deputy, division)
        seeded.group_of[deputy.pk] = group
        seeded.mandates.extend(mandates)
        pairs.extend((mandate, group) for mandate in mandates)
    Mandate.objects.bulk_create(seeded.mandates)
    memberships_create(pairs)
    for group in {*structure.groups.values(), *structure.organ_groups}:
        members = [d for d in seeded.deputies if seeded.group_of[d.pk] == group]
        if members:
            group.leader = rng.choice(members)
            group.save(update_fields=["leader"])
    return seeded


def _attendance_create(seeded: Seeded, rng: random.Random, today) -> None:
    """Attendance at the term's meetings of the past year, pushed into the
    files as services.attendance_record does (without one query per row)."""
    county = [m.deputy for m in seeded.mandates if m.level == Level.COUNTY]
    meetings = Meeting.objects.filter(
        term=seeded.mandates[0].term,
        start_date__lte=today,
        start_date__gt=today - datetime.timedelta(days=365),
        kind__in=[Meeting.Kind.CONGRESS_SESSION, Meeting.Kind.COMMITTEE_MEETING],
    )
    rows = []
    for meeting in meetings:
        if meeting.kind == Meeting.Kind.CONGRESS_SESSION:
            for deputy in county:
                status = AttendanceStatus.ATTENDED
                if rng.random() < 0.03:
                    status = AttendanceStatus.LEAVE
                rows.append(
                    MeetingAttendance(meeting=meeting, deputy=deputy, status=status)
                )
        else:
            for deputy in rng.sample(county, 4):
                rows.append(
                    MeetingAttendance(
                        meeting=meeting, deputy=deputy, status=AttendanceStatus.SAT_IN
                    )
                )
    MeetingAttendance.objects.bulk_create(rows)
    source_type = ContentType.objects.get_for_model(MeetingAttendance)
    now = timezone.now()
    PerformanceRecord.objects.bulk_create(
        PerformanceRecord(
            deputy=row.deputy,
            kind=services.ATTENDANCE_KINDS[row.status],
            date=row.meeting.start_date,
            description=str(row.meeting),
            place=row.meeting.place,
            status=RecordStatus.CONFIRMED,
            confirmed_at=now,
            points=services.points_for(services.ATTENDANCE_KINDS[row.status]),
            source_type=source_type,
            source_id=row.pk,
        )
        for row in rows
        if row.status in services.ATTENDANCE_KINDS
    )


def _records_create(seeded: Seeded, rng: random.Random, today, office) -> None:
    """A year of recess activities: entered by the office (confirmed at once)
    or by the deputy (most still pending, two returned)."""
    division_of = {m.deputy_id: m.division.name for m in seeded.mandates}
    now = timezone.now()
    records = []
    for deputy in seeded.deputies:
        for _i in range(rng.randint(3, 12)):
            kind, description, hours = fake_activity(
                rng,
                division=division_of[deputy.pk],
                group=seeded.group_of[deputy.pk].name,
            )
            date = today - datetime.timedelta(days=rng.randint(1, 365))
            confirmed = date < today - datetime.timedelta(days=30) or rng.random() < 0.6
            records.append(
                PerformanceRecord(
                    deputy=deputy,
                    kind=kind,
                    date=date,
                    hours=hours,
                    description=description,
                    status=RecordStatus.CONFIRMED
                    if confirmed
                    else RecordStatus.PENDING,
                    created_by=office if confirmed else None,
                    confirmed_by=office if confirmed else None,
                    confirmed_at=now if confirmed else None,
                    points=services.points_for(kind) if confirmed else None,
                )
            )
    pending = [r for r in records if r.status == RecordStatus.PENDING]
    for record in rng.sample(pending, min(2, len(pending))):
        record.status = RecordStatus.RETURNED
        record.return_reason = RETURN_REASON
    PerformanceRecord.objects.bulk_create(records, batch_size=2000)
    events = [
        PerformanceRecordEvent(
            record=r, type="deputies.record_logged", actor=r.created_by
        )
        for r in records
    ]
    events += [
        PerformanceRecordEvent(
            record=r,
            type="deputies.record_returned",
            actor=office,
            comment=RETURN_REASON,
        )
        for r in records
        if r.status == RecordStatus.RETURNED
    ]
    PerformanceRecordEvent.objects.bulk_create(events, batch_size=2000)


def _evaluations_create(seeded: Seeded, rng: random.Random, today) -> None:
    year = today.year - 1
    results = {
        EvaluationResult.EXCELLENT: 15,
        EvaluationResult.COMPETENT: 84,
        EvaluationResult.INCOMPETENT: 1,
    }
    AnnualEvaluation.objects.bulk_create(
        AnnualEvaluation(
            deputy_id=mandate.deputy_id,
            year=year,
            result=pick(rng, results),
            evaluated_by="青禾县人大常委会选举任免代表联络工作委员会",
            evaluated_on=datetime.date(year + 1, 1, 20),
        )
        for mandate in seeded.mandates
        if mandate.level == Level.COUNTY
    )


def _demo_account_link(structure: Structure, today, office) -> None:
    """林晓舟, the demo "deputy" account: a county deputy whose file goes
    through the real services (attendance, office entries, one pending)."""
    from congress.models import User

    user = User.objects.filter(username="deputy").first()
    if user is None or Deputy.objects.filter(user=user).exists():
        return
    division = Division.objects.get(name="澄溪街道")
    deputy = Deputy.objects.create(
        user=user,
        name=DEMO_DEPUTY_NAME,
        gender=Gender.MALE,
        ethnicity="汉族",
        birth_date=datetime.date(1984, 5, 12),
        affiliation=Affiliation.CPC,
        education=Education.UNIVERSITY,
        employer_and_post="澄溪街道社区卫生服务中心主任",
        composition="专业技术人员",
        is_core=True,
    )
    mandate = Mandate.objects.create(
        deputy=deputy,
        level=Level.COUNTY,
        term=structure.term,
        constituency=structure.constituencies[division.pk][0],
        division=division,
    )
    mandate.groups.add(structure.groups[division.pk])
    meeting = (
        Meeting.objects.filter(
            term=structure.term,
            kind=Meeting.Kind.CONGRESS_SESSION,
            start_date__lte=today,
        )
        .order_by("start_date")
        .last()
    )
    if meeting and office:
        services.attendance_record(
            meeting, deputy, status=AttendanceStatus.ATTENDED, user=office
        )
    entries = [
        (
            ActivityKind.STATION_RECEPTION,
            60,
            "在澄溪街道代表联络站接待选民，收集意见6条",
            office,
        ),
        (ActivityKind.INSPECTION, 45, "视察澄溪街道老旧小区改造工作", office),
        (ActivityKind.VOTER_CONTACT, 20, "走访选民12户，了解基层医疗情况", office),
        (ActivityKind.TRAINING, 90, "参加县人大常委会组织的代表履职培训", office),
        (
            ActivityKind.VOTER_CONTACT,
            3,
            "走访澄溪社区独居老人8户，了解养老服务需求",
            user,
        ),
    ]
    for kind, days_ago, description, actor in entries:
        if actor is None:
            continue
        services.record_log(
            deputy,
            kind=kind,
            date=today - datetime.timedelta(days=days_ago),
            description=description,
            user=actor,
            hours=Decimal(2),
        )


def seed_deputies() -> None:
    """About 300 deputies of the current term with their mandates, groups,
    attendance and a year of records; does nothing if the term has mandates."""
    from congress.models import User

    term = Term.objects.filter(is_current=True).first()
    if term is None or Mandate.objects.filter(term=term).exists():
        return
    rng = random.Random(SEED)  # noqa: S311 (reproducible demo data, not secrets)
    today = timezone.localdate()
    office = User.objects.filter(username="office").first()
    with transaction.atomic():
        structure = structure_ensure(term)
        seeded = _deputies_create(structure, rng, today)
        _attendance_create(seeded, rng, today)
        _records_create(seeded, rng, today, office)
        _evaluations_create(seeded, rng, today)
        _demo_account_link(structure, today, office)
