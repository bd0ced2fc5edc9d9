"""The office staff's pages (proposals.views.office): review queue, numbering,
paper entry and upload, assignment, the board, closing, the leaders' page,
and who may use them.

States before the one under test are reached through the services
(tests.factories.proposals); the views are driven through the test client.
"""

import datetime
import itertools

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from proposals import summaries
from proposals.models import (
    Assignment,
    AssignmentRole,
    AssignmentStatus,
    Proposal,
    ProposalStatus,
)
from tests.factories import proposals as build
from tests.factories.congress import OrganizationFactory, TermFactory
from tests.factories.deputies import MandateFactory
from tests.factories.proposals import CategoryFactory, ProposalFactory

pytestmark = pytest.mark.django_db

S = ProposalStatus
A = AssignmentStatus
ASSIGNED_ON = datetime.date(2026, 6, 1)  # a Monday
DUE = datetime.date(2026, 9, 1)  # three months later, a Tuesday
NUMBERS = itertools.count(1)


@pytest.fixture
def office_client(client, office):
    # Messages are matched on their English msgids.
    client.cookies["django_language"] = "en"
    client.force_login(office)
    return client


@pytest.fixture
def category(db):
    return CategoryFactory(name="城乡建设")


def _submitted(**fields):
    return build.submitted(
        now=datetime.datetime(2026, 1, 12, 9, tzinfo=datetime.UTC), **fields
    )


def _registered(**fields):
    """Registered and numbered, ready to be assigned."""
    return build.numbered(**fields)


def _assignment(organization, *, status=A.ACCEPTED, **fields):
    """A lead assignment in `status`, reached through the services."""
    return build.assignment_in(status, organization, **fields)


def _today_assignment(organization, *, status=A.ACCEPTED):
    """Assigned today with the statutory due date (not overdue)."""
    return _assignment(
        organization,
        status=status,
        assigned_on=timezone.localdate(),
        due_date=None,
    )


def _messages(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


# Review queue ------------------------------------------------------------------


def test_queue_lists_submitted_items(office_client):
    item = _submitted()
    _registered()
    response = office_client.get(reverse("proposals:office_queue"))
    assert response.status_code == 200
    assert item.title in response.content.decode()
    assert len(response.context["page_obj"].object_list) == 1


def test_queue_registers_one_item_with_its_category(office_client, category):
    item = _submitted()
    response = office_client.post(
        reverse("proposals:office_register"),
        {"proposals": [item.pk], "category": category.pk},
        follow=True,
    )
    item.refresh_from_db()
    assert (item.status, item.category) == (S.REGISTERED, category)
    assert "1 item was reviewed and classified as 城乡建设." in _messages(response)


def test_queue_returns_with_a_reason(office_client):
    item = _submitted()
    url = reverse("proposals:office_return", args=[item.pk])
    assert office_client.get(url).status_code == 200  # the confirm page
    office_client.post(url, {"reason": "请补充具体路段"})
    item.refresh_from_db()
    assert (item.status, item.return_reason) == (S.RETURNED, "请补充具体路段")


def test_queue_return_without_reason_says_a_reason_is_needed(office_client):
    item = _submitted()
    response = office_client.post(
        reverse("proposals:office_return", args=[item.pk]), {"reason": ""}
    )
    item.refresh_from_db()
    assert item.status == S.SUBMITTED
    assert "Give a reason." in response.content.decode()


def test_batch_register_then_number_gives_sequential_numbers(office_client, category):
    items = [_submitted() for _ in range(3)]
    office_client.post(
        reverse("proposals:office_register"),
        {"proposals": [p.pk for p in items], "category": category.pk},
    )
    assert all(
        p.status == S.REGISTERED
        for p in Proposal.objects.filter(pk__in=[p.pk for p in items])
    )
    response = office_client.post(
        reverse("proposals:office_number"),
        {"proposals": [p.pk for p in items]},
        follow=True,
    )
    numbers = list(
        Proposal.objects.filter(pk__in=[p.pk for p in items])
        .order_by("pk")
        .values_list("number", flat=True)
    )
    assert numbers == [1, 2, 3]
    assert "3 items were numbered." in _messages(response)


def test_batch_register_is_all_or_nothing(office_client, category):
    good, returned = _submitted(), ProposalFactory(status=S.RETURNED)
    response = office_client.post(
        reverse("proposals:office_register"),
        {"proposals": [good.pk, returned.pk], "category": category.pk},
        follow=True,
    )
    good.refresh_from_db()
    assert good.status == S.SUBMITTED
    assert any("cannot become" in message for message in _messages(response))


def test_motion_decision_is_recorded(office_client):
    motion = ProposalFactory(status=S.REGISTERED, kind="motion", period="session")
    office_client.post(
        reverse("proposals:office_motion_decide", args=[motion.pk]),
        {"decision": "converted"},
    )
    motion.refresh_from_db()
    assert (motion.kind, motion.presidium_decision) == ("suggestion", "converted")


# Paper entry ---------------------------------------------------------------------


@pytest.fixture
def serving(db):
    """Two serving deputies of the current term, and one of an older term."""
    term = TermFactory()
    old = TermFactory(number=8, is_current=False, start_date="2017-01-01")
    return {
        "lead": MandateFactory(deputy__name="张三", term=term).deputy,
        "co": MandateFactory(deputy__name="李四", term=term).deputy,
        "old": MandateFactory(deputy__name="王五", term=old).deputy,
    }


def _paper(**changes):
    return {
        "lead_deputy": "张三",
        "cosigners": "李四",
        "title": "关于修缮村小学校舍的建议",
        "body": "校舍漏雨，建议尽快修缮。",
        "kind": "suggestion",
        "period": "recess",
        "meeting": "",
        "category": "",
        **changes,
    }


def test_paper_entry_saves_and_comes_back_empty_keeping_kind_and_period(
    office_client, serving
):
    url = reverse("proposals:office_paper_entry")
    response = office_client.post(url, _paper(), follow=True)
    item = Proposal.objects.get()
    assert (item.status, item.lead_deputy) == (S.SUBMITTED, serving["lead"])
    assert list(item.signers.values_list("deputy__name", flat=True)) == ["李四"]
    form = response.context["form"]
    assert not form.is_bound
    assert (form.initial["kind"], form.initial["period"]) == ("suggestion", "recess")
    assert "autofocus" in response.content.decode()


def test_paper_entry_unknown_lead_deputy_is_a_form_error(office_client, serving):
    response = office_client.post(
        reverse("proposals:office_paper_entry"), _paper(lead_deputy="王五")
    )
    assert response.status_code == 200
    assert response.context["form"].errors["lead_deputy"] == [
        "No serving deputy of the current term is named “王五”."
    ]
    assert not Proposal.objects.exists()


def test_paper_entry_ambiguous_cosigner_is_named(office_client, serving):
    MandateFactory(deputy__name="李四", term=TermFactory())
    response = office_client.post(reverse("proposals:office_paper_entry"), _paper())
    assert "“李四” is ambiguous" in response.context["form"].errors["cosigners"][0]
    assert not Proposal.objects.exists()


def _csv(*rows: str) -> SimpleUploadedFile:
    lines = ["类型,标题,内容,领衔代表,联名代表,提出时间(会议期间/闭会期间),类别", *rows]
    return SimpleUploadedFile(
        "items.csv", "\n".join(lines).encode("utf-8"), content_type="text/csv"
    )


def test_paper_upload_enters_every_row(office_client, serving, category):
    upload = _csv(
        "建议,关于A的建议,内容A,张三,李四,闭会期间,城乡建设",
        "建议,关于B的建议,内容B,李四,,闭会期间,",
    )
    office_client.post(reverse("proposals:office_paper_upload"), {"file": upload})
    assert Proposal.objects.filter(status=S.SUBMITTED).count() == 2


def test_paper_upload_bad_row_shows_row_errors_and_saves_nothing(
    office_client, serving
):
    upload = _csv(
        "建议,关于A的建议,内容A,张三,李四,闭会期间,",
        "建议,关于B的建议,内容B,赵六,,闭会期间,",
        "提案,,内容C,张三,,闭会期间,",
    )
    response = office_client.post(
        reverse("proposals:office_paper_upload"), {"file": upload}
    )
    errors = response.context["row_errors"]
    assert (
        3,
        "领衔代表",
        "No serving deputy of the current term is named “赵六”.",
    ) in (errors)
    assert {row for row, _column, _message in errors} == {3, 4}
    assert 'data-testid="row-errors"' in response.content.decode()
    assert not Proposal.objects.exists()


def test_paper_upload_service_errors_name_the_sheet_row(office_client, serving):
    upload = _csv(
        "建议,关于A的建议,内容A,张三,,闭会期间,",
        "建议,,内容B,张三,,闭会期间,",
    )
    response = office_client.post(
        reverse("proposals:office_paper_upload"), {"file": upload}
    )
    assert (3, "标题", "This field is required.") in response.context["row_errors"]
    assert not Proposal.objects.exists()


# Assignment -------------------------------------------------------------------------


def _assign_data(items, lead, co=(), **changes):
    return {
        "proposals": [p.pk for p in items],
        "lead": lead.pk,
        "co": [org.pk for org in co],
        "assigned_on": ASSIGNED_ON.isoformat(),
        "due_date": "",
        **changes,
    }


def test_assignment_creates_lead_and_co_assignments_with_the_computed_due_date(
    office_client, liaison_a, liaison_b
):
    item = _registered()
    office_client.post(
        reverse("proposals:office_assign"),
        _assign_data([item], liaison_a.organization, [liaison_b.organization]),
    )
    rows = {
        a.organization_id: (a.role, a.due_date)
        for a in Assignment.objects.filter(proposal=item)
    }
    assert rows == {
        liaison_a.organization_id: (AssignmentRole.LEAD, DUE),
        liaison_b.organization_id: (AssignmentRole.CO, DUE),
    }
    item.refresh_from_db()
    assert item.status == S.ASSIGNED


def test_assignment_marks_key_with_leaders(office_client, liaison_a, leader):
    item = _registered()
    office_client.post(
        reverse("proposals:office_assign"),
        _assign_data([item], liaison_a.organization, is_key="on", leaders=[leader.pk]),
    )
    item.refresh_from_db()
    assert item.is_key
    assert list(item.supervising_leaders.all()) == [leader]


def test_second_assignment_of_the_same_item_shows_the_service_message(
    office_client, liaison_a, liaison_b
):
    item = _registered()
    url = reverse("proposals:office_assign")
    office_client.post(url, _assign_data([item], liaison_a.organization))
    response = office_client.post(url, _assign_data([item], liaison_b.organization))
    assert Assignment.objects.filter(proposal=item).count() == 1
    assert (
        "This step is not allowed: “Assigned” cannot become “Assigned”."
        in _messages(response)
    )


# Board ---------------------------------------------------------------


def _board_rows(organizations, n):
    for index in range(n):
        _assignment(organizations[index % 2], status=A.ACCEPTED)


@pytest.mark.parametrize("rows", [3, 6])
def test_board_query_count_is_fixed(
    office_client, liaison_a, liaison_b, rows, django_assert_num_queries
):
    _board_rows([liaison_a.organization, liaison_b.organization], rows)
    summaries.summaries_refresh()  # as the beat task does every minute
    # 1 session, 2 user, 3 user's groups (roles), 4 proposals per state,
    # 5 the summary queue, 6 assignments per organisation × state (summary),
    # 7 overdue ones per organisation, 8 count of open assignments,
    # 9 page of open assignments with proposal and organisation,
    # 10–12 the filter's organisations, categories and terms, 13 unread notices.
    with django_assert_num_queries(13):
        response = office_client.get(reverse("proposals:office_board"))
    assert len(response.context["page_obj"].object_list) == rows
    matrix = {
        row["name"]: row["counts"]["accepted"] for row in response.context["matrix"]
    }
    assert sum(matrix.values()) == rows


def test_board_lists_overdue_first(office_client, liaison_a):
    late = _assignment(
        liaison_a.organization,
        due_date=datetime.date(2026, 2, 1),
        assigned_on=datetime.date(2026, 1, 1),
    )
    _today_assignment(liaison_a.organization)
    response = office_client.get(reverse("proposals:office_board"))
    assert response.context["page_obj"].object_list[0] == late
    assert "table-danger" in response.content.decode()


def _matrix_of(response) -> dict:
    return {
        row["name"]: ({k: v for k, v in row["counts"].items() if v}, row["overdue"])
        for row in response.context["matrix"]
    }


def test_board_matrix_counts_states_and_what_is_overdue(
    office_client, liaison_a, liaison_b
):
    late = {"assigned_on": datetime.date(2026, 1, 1), "due_date": None}
    _assignment(liaison_a.organization, **late)  # accepted, past its due date
    _today_assignment(liaison_a.organization)
    _assignment(liaison_b.organization, status=A.REPLIED, **late)  # answered
    response = office_client.get(reverse("proposals:office_board"))
    assert _matrix_of(response) == {
        liaison_a.organization.name: ({"accepted": 2}, 1),
        liaison_b.organization.name: ({"replied": 1}, 0),
    }
    overdue_only = office_client.get(
        reverse("proposals:office_board"), {"overdue": "on"}
    )
    assert _matrix_of(overdue_only) == {
        liaison_a.organization.name: ({"accepted": 1}, 1)
    }
    assert len(overdue_only.context["page_obj"].object_list) == 1


def test_board_matrix_follows_the_state_filter(office_client, liaison_a):
    _assignment(liaison_a.organization)
    _assignment(liaison_a.organization, status=A.REPLIED)
    response = office_client.get(
        reverse("proposals:office_board"), {"status": A.REPLIED}
    )
    assert _matrix_of(response) == {liaison_a.organization.name: ({"replied": 1}, 0)}


def test_board_filters_by_organisation(office_client, liaison_a, liaison_b):
    _assignment(liaison_a.organization)
    _assignment(liaison_b.organization)
    response = office_client.get(
        reverse("proposals:office_board"),
        {"organization": liaison_b.organization_id},
    )
    rows = response.context["page_obj"].object_list
    assert [a.organization_id for a in rows] == [liaison_b.organization_id]


# Transitions on the proposal page --------------------------------------------------


def test_closing_while_open_shows_the_message(office_client, liaison_a):
    assignment = _assignment(liaison_a.organization)
    url = reverse("proposals:office_close", args=[assignment.proposal_id])
    assert office_client.get(url).status_code == 200
    response = office_client.post(url, follow=True)
    assert "It cannot be closed yet: still open at 测试局甲." in _messages(response)
    assignment.proposal.refresh_from_db()
    assert assignment.proposal.status == S.ASSIGNED


def test_closing_when_done_closes(office_client, liaison_a):
    assignment = _assignment(liaison_a.organization, status=A.DONE)
    office_client.post(reverse("proposals:office_close", args=[assignment.proposal_id]))
    assignment.proposal.refresh_from_db()
    assert assignment.proposal.status == S.CLOSED


def test_proposal_page_shows_the_office_buttons_for_its_state(office_client):
    item = _submitted()
    page = office_client.get(reverse("proposals:detail", args=[item.pk]))
    html = page.content.decode()
    assert reverse("proposals:office_register_one", args=[item.pk]) in html
    assert reverse("proposals:office_close", args=[item.pk]) not in html


def test_relieve_contested_assignment_reassigns(office_client, liaison_a, liaison_b):
    assignment = _today_assignment(liaison_a.organization, status=A.CONTESTED)
    office_client.post(
        reverse("proposals:office_relieve", args=[assignment.pk]),
        {"reassign_to": liaison_b.organization_id},
    )
    assignment.refresh_from_db()
    assert assignment.status == A.WITHDRAWN
    assert Assignment.objects.filter(
        proposal=assignment.proposal, organization=liaison_b.organization
    ).exists()


def test_extension_granted_moves_the_due_date(office_client, liaison_a):
    assignment = _assignment(liaison_a.organization)
    extension = assignment.extension_requests.create(
        requested_due=datetime.date(2026, 10, 15), reason="需要协调资金"
    )
    office_client.post(
        reverse("proposals:office_extension_decide", args=[extension.pk]),
        {"decision": "grant"},
    )
    assignment.refresh_from_db()
    assert assignment.due_date == datetime.date(2026, 10, 15)


# Leaders -------------------------------------------------------------


def test_leader_sees_and_urges_the_key_suggestions_they_supervise(
    client, leader, liaison_a
):
    assignment = _assignment(liaison_a.organization)
    assignment.proposal.is_key = True
    assignment.proposal.save()
    assignment.proposal.supervising_leaders.add(leader)
    other = _assignment(liaison_a.organization)
    client.force_login(leader)
    response = client.get(reverse("proposals:office_key_suggestions"))
    assert list(response.context["page_obj"].object_list) == [assignment]
    assert other.proposal.title not in response.content.decode()
    client.post(reverse("proposals:office_urge", args=[assignment.pk]), {"note": ""})
    assert assignment.urges.filter(user=leader).exists()


def test_leader_cannot_urge_what_they_do_not_supervise(client, leader, liaison_a):
    assignment = _assignment(liaison_a.organization)
    client.force_login(leader)
    response = client.post(reverse("proposals:office_urge", args=[assignment.pk]))
    assert response.status_code == 403


# Who may use the pages --------------------------------------------------------------


def _office_urls():
    item = _submitted()
    assignment = _assignment(_org(), status=A.CONTESTED)
    return [
        reverse("proposals:office_queue"),
        reverse("proposals:office_register_one", args=[item.pk]),
        reverse("proposals:office_return", args=[item.pk]),
        reverse("proposals:office_number"),
        reverse("proposals:office_motion_decide", args=[item.pk]),
        reverse("proposals:office_paper_entry"),
        reverse("proposals:office_paper_upload"),
        reverse("proposals:office_paper_template"),
        reverse("proposals:office_assign"),
        reverse("proposals:office_mark_key", args=[item.pk]),
        reverse("proposals:office_board"),
        reverse("proposals:office_extensions"),
        reverse("proposals:office_relieve", args=[assignment.pk]),
        reverse("proposals:office_finish_supervision", args=[assignment.pk]),
        reverse("proposals:office_close", args=[item.pk]),
        reverse("proposals:office_publish", args=[item.pk]),
        reverse("proposals:office_look_back"),
    ]


def _org():
    return OrganizationFactory(name="测试局丙")


@pytest.mark.parametrize("persona", ["deputy", "liaison_a", "leader"])
def test_office_pages_refuse_others_with_403(client, persona, request):
    client.force_login(request.getfixturevalue(persona))
    for url in _office_urls():
        assert client.get(url).status_code == 403, url
        assert client.post(url).status_code == 403, url


def test_key_suggestions_refuse_office_and_deputy_with_403(client, office, deputy):
    for user in (office, deputy):
        client.force_login(user)
        url = reverse("proposals:office_key_suggestions")
        assert client.get(url).status_code == 403


def test_office_pages_send_anonymous_users_to_login(client):
    login = reverse("login")
    for url in [*_office_urls(), reverse("proposals:office_key_suggestions")]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(login), url


def test_unknown_item_is_404(office_client):
    assert (
        office_client.get(reverse("proposals:office_close", args=[999999])).status_code
        == 404
    )
