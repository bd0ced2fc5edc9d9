"""Scale data of motions and suggestions (congress.scale): 100,000 proposals with
their assignments, replies, contacts with the deputies and ratings."""

import dataclasses
import datetime
import io
import random
import time
from collections.abc import Iterable

import pgtrigger
from django.db import connection, transaction
from django.db.models import Max
from django.utils import timezone

from congress import demo as congress_demo
from congress.models import Meeting, Organization, Term
from deputies.models import Mandate
from proposals import summaries, workflow
from proposals.models import (
    Assignment,
    AssignmentStatus,
    Category,
    Contact,
    ImplementationStatus,
    Proposal,
    ProposalStatus,
    Rating,
    Reply,
)

A = AssignmentStatus
# Scale data is synthetic: its rows get no pghistory history.
HISTORY_TRIGGERS = [
    f"proposals.{model}:insert_insert"
    for model in ("Proposal", "Assignment", "Reply", "Contact", "Rating")
]
NULL = r"\N"  # COPY's text format
CHUNK = 50_000
CATEGORIES = [
    "城乡建设",
    "交通运输",
    "教育事业",
    "医疗卫生",
    "农业农村",
    "生态环境",
    "社会保障",
    "文化旅游",
    "财政经济",
    "政法工作",
]
# Handling departments beyond the demo county's few, so that per-organisation
# tables have the length of a real county's (about forty).
EXTRA_DEPARTMENTS = [
    "水利局",
    "自然资源局",
    "民政局",
    "人力资源和社会保障局",
    "文化广电旅游局",
    "市场监督管理局",
    "公安局",
    "财政局",
    "发展和改革局",
    "应急管理局",
    "林业局",
    "医疗保障局",
    "城市管理局",
    "商务局",
    "司法局",
    "统计局",
    "退役军人事务局",
    "审计局",
    "科技局",
    "工业和信息化局",
    "乡村振兴局",
    "体育局",
    "数据资源局",
    "信访局",
]
PLACES = ["禾丰镇", "南塘镇", "柳溪乡", "石桥乡", "澄溪街道", "云岭街道"]
VILLAGES = ["柳溪村", "东岗村", "新屯村", "桃园村", "上坪村", "河湾村", "杏林村"]
SUBJECTS = [
    "乡村道路硬化",
    "农村饮水安全",
    "中小学校舍改造",
    "乡镇卫生院设备更新",
    "河道综合治理",
    "农田水利设施建设",
    "老旧小区改造",
    "城区停车难",
    "养老服务中心建设",
    "农产品冷链物流",
    "垃圾分类处理",
    "公交线路延伸",
    "电商进农村",
    "学前教育资源",
    "文化广场建设",
    "山体滑坡隐患治理",
]
SENTENCES = [
    "群众反映强烈，出行十分不便。",
    "现有设施年久失修，存在安全隐患。",
    "建议县政府统筹资金，分年度实施。",
    "建议相关部门加强协调，明确责任主体。",
    "雨季道路泥泞，学生上学困难。",
    "建议将该项目列入明年民生实事。",
    "周边群众多次反映，至今未能解决。",
    "建议加大财政投入，完善长效管护机制。",
]
REPLY_TEXTS = [
    "已列入年度实施计划，将于年内完成。",
    "经研究，已安排专项资金组织实施。",
    "受资金条件限制，暂列入规划，条件成熟时实施。",
    "已会同相关乡镇现场踏勘，正在编制实施方案。",
]


@dataclasses.dataclass
class Plan:
    """One proposal to write and what happened to it."""

    kind: str
    period: str
    meeting_id: int | None
    number: int
    day: datetime.date  # submitted
    title: str
    body: str
    status: str = ProposalStatus.REGISTERED
    assignments: list = dataclasses.field(default_factory=list)


def generate(profile, rng: random.Random, log) -> dict[str, int]:
    """Add the profile's proposals to the current term, lodged by the term's
    deputies (run after the deputies' generator)."""
    term = Term.objects.filter(is_current=True).first() or (
        congress_demo.seed_structure()
    )
    deputy_ids = list(
        Mandate.objects.filter(term=term)
        .order_by("pk")
        .values_list("deputy", flat=True)
    )
    if not deputy_ids:
        log("proposals: no deputies in the current term, skipped")
        return {}
    with transaction.atomic(), pgtrigger.ignore(*HISTORY_TRIGGERS):
        world = World.build(term, rng, deputy_ids)
        step = time.perf_counter()
        plans = world.plan(profile.proposals)
        log(f"proposals planned {len(plans)} in {time.perf_counter() - step:.1f} s")
        counts = world.write(plans)
        step = time.perf_counter()
        # The triggers queued every assignment: count them in one pass.
        summaries.summaries_rebuild()
        log(f"proposals summaries rebuilt in {time.perf_counter() - step:.1f} s")
    return {
        model._meta.db_table: counts[key]
        for model, key in (
            (Proposal, "proposals"),
            (Assignment, "assignments"),
            (Reply, "replies"),
            (Contact, "contacts"),
            (Rating, "ratings"),
        )
    }


@dataclasses.dataclass
class World:
    """The term, its sessions, organisations and deputies the data refers to."""

    term: Term
    rng: random.Random
    deputy_ids: list[int]
    sessions: list[Meeting]
    org_ids: list[int]
    hub_id: int | None
    department_ids: set[int]
    category_ids: list[int]
    today: datetime.date

    @classmethod
    def build(cls, term: Term, rng: random.Random, deputy_ids: list[int]) -> "World":
        hub = Organization.objects.filter(
            kind=Organization.Kind.GOVERNMENT_OFFICE
        ).first()
        for name in EXTRA_DEPARTMENTS:
            Organization.objects.get_or_create(
                name=f"青禾县{name}",
                defaults={
                    "short_name": f"县{name}",
                    "kind": Organization.Kind.GOVERNMENT_DEPARTMENT,
                    "is_handling_unit": True,
                },
            )
        organizations = Organization.objects.filter(
            is_handling_unit=True, is_active=True
        ).exclude(kind__in=[Organization.Kind.GOVERNMENT_OFFICE, "government"])
        return cls(
            term=term,
            rng=rng,
            deputy_ids=deputy_ids,
            sessions=_sessions(term),
            org_ids=[org.pk for org in organizations],
            hub_id=hub.pk if hub else None,
            department_ids={
                org.pk
                for org in organizations
                if org.kind == Organization.Kind.GOVERNMENT_DEPARTMENT
            },
            category_ids=[
                Category.objects.get_or_create(name=name)[0].pk for name in CATEGORIES
            ],
            today=timezone.localdate(),
        )

    # Planning ----------------------------------------------------------------

    def plan(self, count: int) -> list[Plan]:
        numbers = self._next_numbers()
        plans = []
        for _i in range(count):
            plan = self._proposal(numbers)
            if plan.day + datetime.timedelta(days=40) < self.today:
                self._handle(plan)
            plans.append(plan)
        return plans

    def _next_numbers(self) -> dict[tuple[str, str], int]:
        rows = (
            Proposal.objects.filter(term=self.term, number__isnull=False)
            .values("kind", "period")
            .annotate(top=Max("number"))
        )
        numbers = {(row["kind"], row["period"]): row["top"] for row in rows}
        return numbers

    def _proposal(self, numbers: dict) -> Plan:
        rng = self.rng
        roll = rng.random()
        if roll < 0.04:
            kind, period = "motion", "session"
        elif roll < 0.7:
            kind, period = "suggestion", "session"
        else:
            kind, period = "suggestion", "recess"
        if period == "session":
            meeting = rng.choice(self.sessions)
            meeting_id, day = meeting.pk, meeting.start_date
        else:
            span = (self.today - self.term.start_date).days - 10
            meeting_id = None
            day = self.term.start_date + datetime.timedelta(days=rng.randrange(span))
        numbers[kind, period] = numbers.get((kind, period)) or 0
        numbers[kind, period] += 1
        place = rng.choice(PLACES)
        subject = rng.choice(SUBJECTS)
        title = f"关于加快{place}{rng.choice(VILLAGES)}{subject}的建议"
        body = f"{place}{subject}问题。" + "".join(rng.sample(SENTENCES, 3))
        return Plan(kind, period, meeting_id, numbers[kind, period], day, title, body)

    def _handle(self, plan: Plan) -> None:
        """Assign to a lead and maybe co-handling organisations and play the
        handling forward to today."""
        rng = self.rng
        assigned_on = plan.day + datetime.timedelta(days=rng.randint(15, 35))
        months = 6 if rng.random() < 0.03 else 3
        due = assigned_on + datetime.timedelta(days=30 * months + 1)
        orgs = rng.sample(self.org_ids, rng.choice([1, 1, 1, 2, 2, 3]))
        lead = _lead_story(rng, assigned_on, due, self.today)
        plan.assignments.append(lead)
        for _extra in orgs[1:]:
            plan.assignments.append(_co_story(rng, lead, assigned_on, due))
        for story, org_id in zip(plan.assignments, orgs, strict=True):
            story["organization"] = org_id
            if org_id in self.department_ids:
                story["via_hub"] = self.hub_id
        done = all(story["status"] == A.DONE for story in plan.assignments)
        plan.status = ProposalStatus.CLOSED if done else ProposalStatus.ASSIGNED

    # Writing -----------------------------------------------------------------

    def write(self, plans: list[Plan]) -> dict[str, int]:
        counts = {"proposals": self._write_proposals(plans)}
        counts["assignments"] = self._write_assignments(plans)
        counts |= self._write_children(plans)
        return counts

    def _write_proposals(self, plans: list[Plan]) -> int:
        grams: dict[str, str] = {}
        now = f"{self.today.isoformat()} 09:00:00+08"
        rows = []
        for plan in plans:
            key = plan.title + "\n" + plan.body
            if key not in grams:
                grams[key] = (
                    "{" + ",".join(workflow.bigrams(plan.title, plan.body)) + "}"
                )
            closed = plan.status == ProposalStatus.CLOSED
            rows.append(
                {
                    "kind": plan.kind,
                    "title": plan.title,
                    "body": plan.body,
                    "category": self.rng.choice(self.category_ids),
                    "term": self.term.pk,
                    "period": plan.period,
                    "meeting": plan.meeting_id,
                    "lead_deputy": self.deputy_ids[
                        int(self.rng.random() ** 1.5 * len(self.deputy_ids))
                    ],
                    "number": plan.number,
                    "status": plan.status,
                    "return_reason": "",
                    "presidium_decision": "",
                    "is_key": self.rng.random() < 0.02,
                    "confidential": self.rng.random() < 0.03,
                    "published": closed and self.rng.random() < 0.6,
                    "look_back": False,
                    "submitted_at": f"{plan.day.isoformat()} 10:00:00+08",
                    "created_at": now,
                    "search_bigrams": grams[key],
                }
            )
        _copy(Proposal, rows)
        ids = {
            (kind, period, number): pk
            for pk, kind, period, number in Proposal.objects.filter(
                term=self.term, number__isnull=False
            ).values_list("pk", "kind", "period", "number")
        }
        for plan in plans:
            plan.pk = ids[plan.kind, plan.period, plan.number]
        return len(rows)

    def _write_assignments(self, plans: list[Plan]) -> int:
        rows = []
        first = (Assignment.objects.aggregate(top=Max("pk"))["top"] or 0) + 1
        for plan in plans:
            for story in plan.assignments:
                rows.append(
                    {
                        "proposal": plan.pk,
                        "organization": story["organization"],
                        "role": story["role"],
                        "status": story["status"],
                        "assigned_on": story["assigned_on"],
                        "due_date": story["due_date"],
                        "round": story["round"],
                        "via_hub": story.get("via_hub"),
                        "implementation": story["implementation"],
                        "outcome_unit": "",
                        "implementation_note": "",
                    }
                )
        _copy(Assignment, rows)
        ids = {
            (proposal, organization): pk
            for pk, proposal, organization in Assignment.objects.filter(
                pk__gte=first
            ).values_list("pk", "proposal", "organization")
        }
        for plan in plans:
            for story in plan.assignments:
                story["pk"] = ids[plan.pk, story["organization"]]
        return len(rows)

    def _write_children(self, plans: list[Plan]) -> dict[str, int]:
        replies, contacts, ratings = [], [], []
        lead_deputies = dict(
            Proposal.objects.filter(pk__in=[plan.pk for plan in plans]).values_list(
                "pk", "lead_deputy"
            )
        )
        for plan in plans:
            for story in plan.assignments:
                for round_, day, category in story["replies"]:
                    replies.append(_reply_row(story, round_, day, category))
                contacts.extend(
                    {
                        "assignment": story["pk"],
                        "method": "meeting",
                        "date": day,
                        "participants": "承办科室负责人、代表本人",
                        "notes": "",
                    }
                    for day in story["contacts"]
                )
                ratings.extend(
                    {
                        "assignment": story["pk"],
                        "round": round_,
                        "deputy": lead_deputies[plan.pk],
                        "attitude": "satisfied",
                        "result": result,
                        "comment": "",
                        "rated_at": f"{day.isoformat()} 15:00:00+08",
                    }
                    for round_, day, result in story["ratings"]
                )
        _copy(Reply, replies)
        _copy(Contact, contacts)
        _copy(Rating, ratings)
        return {
            "replies": len(replies),
            "contacts": len(contacts),
            "ratings": len(ratings),
        }


def _sessions(term: Term) -> list[Meeting]:
    """The congress sessions of the term, one each January since it began."""
    last_year = timezone.localdate().year
    sessions = []
    for number, year in enumerate(range(term.start_date.year, last_year + 1), 1):
        meeting = Meeting.objects.filter(
            term=term, kind=Meeting.Kind.CONGRESS_SESSION, start_date__year=year
        ).first()
        if (
            meeting is None
            and not Meeting.objects.filter(
                term=term, kind=Meeting.Kind.CONGRESS_SESSION, number=number
            ).exists()
        ):
            meeting = Meeting.objects.create(
                term=term,
                kind=Meeting.Kind.CONGRESS_SESSION,
                number=number,
                start_date=datetime.date(year, 1, 8),
                end_date=datetime.date(year, 1, 10),
            )
        if meeting is not None:
            sessions.append(meeting)
    return sessions


def _lead_story(rng, assigned_on, due, today) -> dict:
    """The lead organisation's handling: reply, contact, rating, re-handling."""
    story = _story("lead", assigned_on, due)
    late = rng.random() < 0.1
    reply_day = (
        due + datetime.timedelta(days=rng.randint(1, 40))
        if late
        else assigned_on + datetime.timedelta(days=rng.randint(20, 85))
    )
    if reply_day > today:
        story["status"] = rng.choices(
            [A.ACCEPTED, A.ASSIGNED, A.CONTESTED], weights=[85, 10, 5]
        )[0]
        return story
    category = rng.choices("ABC", weights=[55, 35, 10])[0]
    story["replies"].append((1, reply_day, category))
    story["implementation"] = {
        "A": ImplementationStatus.SOLVED,
        "B": rng.choice(
            [ImplementationStatus.IN_PROGRESS, ImplementationStatus.SOLVED]
        ),
        "C": ImplementationStatus.CANNOT_SOLVE,
    }[category]
    contact = rng.random()
    if contact < 0.85:
        days_before = rng.randint(0, min(20, (reply_day - assigned_on).days))
        story["contacts"].append(reply_day - datetime.timedelta(days=days_before))
    elif contact < 0.9:
        story["contacts"].append(reply_day + datetime.timedelta(days=5))
    story["status"] = A.REPLIED
    rated_on = reply_day + datetime.timedelta(days=rng.randint(3, 30))
    if rated_on > today or rng.random() < 0.12:  # not rated (yet): 未反馈
        return story
    result = rng.choices(
        ["satisfied", "basically_satisfied", "dissatisfied"], weights=[68, 24, 8]
    )[0]
    story["ratings"].append((1, rated_on, result))
    story["status"] = A.DONE
    if result == "dissatisfied":
        _rehandle(rng, story, rated_on, today)
    return story


def _rehandle(rng, story: dict, rated_on, today) -> None:
    story["round"] = 2
    story["due_date"] = rated_on + datetime.timedelta(days=31)
    second = rated_on + datetime.timedelta(days=rng.randint(10, 35))
    if second > today:
        story["status"] = A.RE_HANDLING
        return
    story["replies"].append((2, second, rng.choice("AB")))
    rated_again = second + datetime.timedelta(days=7)
    if rated_again > today:
        story["status"] = A.REPLIED
        return
    result = rng.choices(
        ["satisfied", "basically_satisfied", "dissatisfied"], weights=[50, 35, 15]
    )[0]
    story["ratings"].append((2, rated_again, result))
    story["status"] = A.ESCALATED if result == "dissatisfied" else A.DONE


def _co_story(rng, lead: dict, assigned_on, due) -> dict:
    story = _story("co", assigned_on, due)
    if lead["replies"]:
        opinion_day = max(
            lead["replies"][0][1] - datetime.timedelta(days=10),
            assigned_on + datetime.timedelta(days=1),
        )
        story["replies"].append((1, opinion_day, lead["replies"][0][2]))
        story["status"] = A.DONE if lead["status"] == A.DONE else A.REPLIED
    else:
        story["status"] = A.ACCEPTED
    return story


def _story(role: str, assigned_on, due) -> dict:
    return {
        "role": role,
        "status": A.ASSIGNED,
        "assigned_on": assigned_on,
        "due_date": due,
        "round": 1,
        "implementation": ImplementationStatus.NOT_STARTED,
        "replies": [],
        "contacts": [],
        "ratings": [],
    }


def _reply_row(story: dict, round_: int, day, category: str) -> dict:
    return {
        "assignment": story["pk"],
        "round": round_,
        "text": REPLY_TEXTS["ABC".index(category)],
        "reference_number": f"〔{day.year}〕{story['pk']}-{round_}号",
        "category": category,
        "signer": "王局长",
        "contact": "办公室 0000-0000000",
        "copies_to": "",
        "promised_date": None,
        "status": "approved",
        "sent_at": f"{day.isoformat()} 16:00:00+08",
        "send_back_reason": "",
    }


def _field_text(value) -> str:
    if value is None:
        return NULL
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, datetime.date):
        return value.isoformat()
    text = str(value)
    return text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n")


def _copy(model, rows: Iterable[dict]) -> None:
    """COPY rows (dicts keyed by field name) into the model's table in chunks."""
    rows = list(rows)
    if not rows:
        return
    given = set(rows[0])
    # Fields a generator does not name get their defaults, so a field added
    # later (a blank CharField, a flag) never breaks the generator.
    defaults = {
        field.name: field.get_default()
        for field in model._meta.concrete_fields
        if field.name not in given and not field.primary_key and not field.null
    }
    defaults = {name: value for name, value in defaults.items() if value is not None}
    rows = [{**defaults, **row} for row in rows] if defaults else rows
    names = list(rows[0])
    columns = ", ".join(
        connection.ops.quote_name(model._meta.get_field(name).column) for name in names
    )
    sql = f"COPY {model._meta.db_table} ({columns}) FROM STDIN"
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")  # lets pgtrigger set its ignore flag
        for start in range(0, len(rows), CHUNK):
            buffer = io.StringIO()
            for row in rows[start : start + CHUNK]:
                buffer.write("\t".join(_field_text(row[name]) for name in names))
                buffer.write("\n")
            raw = cursor.cursor
            if hasattr(raw, "copy_expert"):  # psycopg2
                buffer.seek(0)
                raw.copy_expert(sql, buffer)
            else:  # psycopg 3
                with raw.copy(sql) as copy:
                    copy.write(buffer.getvalue())
