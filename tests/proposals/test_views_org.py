"""The handling organisation's pages (proposals.views.org): the assignment
list, one assignment with its steps, and the reply letter template.

Earlier states are set up directly with the ORM; each test drives one page.
"""

import datetime
import io
import itertools
import zipfile
from xml.etree import ElementTree

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from congress.models import Attachment, Notification, Organization
from congress.roles import Role
from congress.uploads import DOCX, validate_upload
from proposals import services
from proposals.models import (
    AssignmentStatus,
    Contact,
    ExtensionRequest,
    ProposalEvent,
    Reply,
    ReplyStatus,
)
from tests.factories import proposals as build
from tests.factories.congress import OrganizationFactory, UserFactory

pytestmark = pytest.mark.django_db

A = AssignmentStatus
ASSIGNED_ON = datetime.date(2026, 6, 1)  # a Monday
DUE = datetime.date(2026, 9, 1)
IN_THE_WINDOW = datetime.datetime(2026, 6, 3, 10, tzinfo=datetime.UTC)
AFTER_THE_WINDOW = datetime.datetime(2026, 6, 20, 10, tzinfo=datetime.UTC)
NUMBERS = itertools.count(1)
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
STEP_URLS = [
    "org_assignment",
    "org_accept",
    "org_contest",
    "org_extension",
    "org_contact",
    "org_reply",
    "org_reply_sign",
    "org_implementation",
    "org_reply_template",
]


def _assignment(organization, *, status=A.ASSIGNED, **fields):
    """Our lead assignment in `status`, reached through the services."""
    return build.assignment_in(status, organization, **fields)


def _with_co(org_a, org_b):
    """One proposal assigned to us (lead) and org_b (co-handling), both
    accepted."""
    lead = build.accepted(org_a, co=[org_b])
    co = lead.proposal.assignments.get(organization=org_b)
    liaison_b = build.organization_user(org_b, Role.ORG_LIAISON)
    return lead, services.assignment_accept(co, user=liaison_b)


def _draft(assignment, **fields):
    options = {
        "round": assignment.round,
        "text": "该路段已列入今年道路硬化计划，预计十月完工。",
        "reference_number": "县交〔2026〕12号",
        "category": "A",
        "signer": "王局长",
        "contact": "李科长 13900000000",
        **fields,
    }
    return Reply.objects.create(assignment=assignment, **options)


def _url(name, assignment=None):
    return reverse(f"proposals:{name}", args=[assignment.pk] if assignment else [])


def _reply_post(**changes):
    return {
        "text": "该路段已列入今年道路硬化计划。",
        "reference_number": "县交〔2026〕12号",
        "category": "A",
        "promised_date": "",
        "signer": "王局长",
        "contact": "李科长 13900000000",
        "copies_to": "县人大常委会人代工委",
        **changes,
    }


@pytest.fixture
def org_a(liaison_a):
    return liaison_a.organization


@pytest.fixture
def org_b(liaison_b):
    return liaison_b.organization


@pytest.fixture
def head_a(org_a):
    return UserFactory(username="t_head_a", roles=[Role.ORG_HEAD], organization=org_a)


@pytest.fixture
def hub_liaison(db):
    hub = OrganizationFactory(
        name="县政府办公室", kind=Organization.Kind.GOVERNMENT_OFFICE
    )
    return UserFactory(username="t_hub", roles=[Role.ORG_LIAISON], organization=hub)


@pytest.fixture
def ours(org_a):
    return _assignment(org_a)


# Who may come in ---------------------------------------------------------------


def test_anonymous_user_is_sent_to_login(client, ours):
    for name in ["org_assignments", *STEP_URLS]:
        url = _url(name, None if name == "org_assignments" else ours)
        response = client.get(url)
        assert response.status_code == 302, name
        assert response["Location"].startswith(reverse("login")), name


def test_deputy_gets_403_on_org_pages(client, deputy, ours):
    client.force_login(deputy)
    assert client.get(_url("org_assignments")).status_code == 403
    for name in STEP_URLS:
        assert client.get(_url(name, ours)).status_code == 403, name
    assert client.post(_url("org_accept", ours)).status_code == 403


def test_other_organisation_gets_404_on_our_assignment(client, liaison_b, ours):
    client.force_login(liaison_b)
    for name in STEP_URLS:
        # A liaison never signs: 403 before the lookup.
        expected = 403 if name == "org_reply_sign" else 404
        assert client.get(_url(name, ours)).status_code == expected, name
    assert client.post(_url("org_accept", ours)).status_code == 404
    ours.refresh_from_db()
    assert ours.status == A.ASSIGNED


def test_other_organisation_does_not_see_it_in_its_list(client, liaison_b, ours):
    client.force_login(liaison_b)
    response = client.get(_url("org_assignments"))
    assert ours.proposal.title not in response.content.decode()


# The list --------------------------------------------------------------------


def test_list_shows_our_assignments_sorted_by_due_date(client, liaison_a, org_a):
    later = _assignment(org_a, due_date=datetime.date(2026, 10, 1))
    sooner = _assignment(org_a, due_date=datetime.date(2026, 8, 1))
    client.force_login(liaison_a)

    rows = list(client.get(_url("org_assignments")).context["page_obj"])

    assert rows == [sooner, later]


@time_machine.travel(datetime.datetime(2026, 9, 10, 10, tzinfo=datetime.UTC))
def test_list_marks_overdue_assignments_in_red_with_a_badge(client, liaison_a, ours):
    client.force_login(liaison_a)

    page = client.get(_url("org_assignments")).content.decode()

    assert "list-group-item-danger" in page
    assert 'data-testid="overdue"' in page


def test_list_filters_by_status(client, liaison_a, org_a):
    accepted = _assignment(org_a, status=A.ACCEPTED)
    _assignment(org_a, status=A.ASSIGNED)
    client.force_login(liaison_a)

    response = client.get(_url("org_assignments"), {"status": A.ACCEPTED})

    assert list(response.context["page_obj"]) == [accepted]


def test_list_needs_my_action_for_a_liaison(client, liaison_a, org_a):
    to_accept = _assignment(org_a, status=A.ASSIGNED)
    to_reply = _assignment(org_a, status=A.ACCEPTED)
    _draft(_assignment(org_a, status=A.ACCEPTED))  # the head's turn
    _assignment(org_a, status=A.REPLIED)
    client.force_login(liaison_a)

    response = client.get(_url("org_assignments"), {"needs": "mine"})

    assert set(response.context["page_obj"]) == {to_accept, to_reply}


def test_list_replies_awaiting_my_signature_for_a_head(client, head_a, org_a):
    to_sign = _assignment(org_a, status=A.ACCEPTED)
    _draft(to_sign)
    _assignment(org_a, status=A.ACCEPTED)
    client.force_login(head_a)

    response = client.get(_url("org_assignments"), {"needs": "sign"})

    assert list(response.context["page_obj"]) == [to_sign]


def test_hub_liaison_sees_a_departments_assignment(client, hub_liaison, org_a, ours):
    assert org_a.kind == Organization.Kind.GOVERNMENT_DEPARTMENT
    client.force_login(hub_liaison)

    assert list(client.get(_url("org_assignments")).context["page_obj"]) == [ours]
    assert client.get(_url("org_assignment", ours)).status_code == 200


def test_hub_does_not_see_a_court_assignment(client, hub_liaison):
    court = OrganizationFactory(name="县人民法院", kind=Organization.Kind.COURT)
    assignment = _assignment(court)
    client.force_login(hub_liaison)

    assert client.get(_url("org_assignment", assignment)).status_code == 404


@pytest.mark.parametrize("rows", [3, 6])
def test_list_query_count_is_fixed(client, django_assert_num_queries, org_a, rows):
    head = UserFactory(roles=[Role.ORG_HEAD, Role.ORG_LIAISON], organization=org_a)
    for _ in range(rows):
        _draft(_assignment(org_a, status=A.ACCEPTED))
    client.force_login(head)
    # 1 session, 2 user, 3 the user's groups (roles), 4 the user's organisation
    # (is it the hub?), 5 the tiles' counts (one aggregate), 6 the page's
    # count, 7 the page of assignments with proposal, deputy, organisation and
    # "awaiting signature", 8 unread notices in the navigation bar.
    with django_assert_num_queries(8):
        response = client.get(_url("org_assignments"))
    assert len(response.context["page_obj"]) == rows


# Accept and contest ----------------------------------------------------------


def test_accept_get_spells_out_the_consequence(client, liaison_a, ours):
    client.force_login(liaison_a)

    response = client.get(_url("org_accept", ours))

    assert response.status_code == 200
    assert 'data-testid="consequence"' in response.content.decode()
    ours.refresh_from_db()
    assert ours.status == A.ASSIGNED


def test_liaison_of_the_assigned_organisation_accepts(client, liaison_a, ours):
    client.force_login(liaison_a)

    response = client.post(_url("org_accept", ours))

    assert response.status_code == 302
    ours.refresh_from_db()
    assert ours.status == A.ACCEPTED
    assert ProposalEvent.objects.filter(type="proposals.accepted").exists()


def test_accept_twice_shows_the_services_message(client, liaison_a, org_a):
    accepted = _assignment(org_a, status=A.ACCEPTED)
    client.force_login(liaison_a)

    response = client.post(_url("org_accept", accepted), follow=True)

    assert "alert-danger" in response.content.decode()
    assert ProposalEvent.objects.filter(type="proposals.accepted").count() == 1


@time_machine.travel(IN_THE_WINDOW)
def test_contest_within_the_window(client, liaison_a, ours):
    client.force_login(liaison_a)

    response = client.post(_url("org_contest", ours), {"reason": "不属于本单位职责"})

    assert response.status_code == 302
    ours.refresh_from_db()
    assert ours.status == A.CONTESTED


@time_machine.travel(AFTER_THE_WINDOW)
def test_contest_after_the_window_shows_the_message_and_changes_nothing(
    client, liaison_a, ours
):
    client.force_login(liaison_a)

    response = client.post(_url("org_contest", ours), {"reason": "不属于本单位职责"})

    assert response.status_code == 200
    assert "申请调整的期限已于" in response.content.decode()  # the service's message
    ours.refresh_from_db()
    assert ours.status == A.ASSIGNED
    assert not ProposalEvent.objects.filter(type="proposals.contested").exists()


@time_machine.travel(AFTER_THE_WINDOW)
def test_contest_page_after_the_window_says_when_it_closed(client, liaison_a, ours):
    client.force_login(liaison_a)

    response = client.get(_url("org_contest", ours), follow=True)

    assert "申请调整的期限已于" in response.content.decode()


@time_machine.travel(AFTER_THE_WINDOW)
def test_contest_is_not_offered_after_the_window(client, liaison_a, ours):
    client.force_login(liaison_a)

    page = client.get(_url("org_assignment", ours)).content.decode()

    assert _url("org_contest", ours) not in page
    assert _url("org_accept", ours) in page


# Reply, signature, implementation -------------------------------------------


def test_reply_drafted_by_the_liaison_and_signed_by_the_head(
    client, liaison_a, head_a, ours
):
    ours.status = A.ACCEPTED
    ours.save()
    lead_deputy = ours.proposal.lead_deputy.user
    client.force_login(liaison_a)
    response = client.post(_url("org_reply", ours), _reply_post())
    assert response.status_code == 302
    reply = Reply.objects.get()
    assert reply.status == ReplyStatus.DRAFT
    assert Notification.objects.filter(
        recipient=head_a, kind="proposals.reply_to_sign"
    ).exists()

    client.force_login(head_a)
    assert client.get(_url("org_reply_sign", ours)).status_code == 200
    response = client.post(_url("org_reply_sign", ours))

    assert response.status_code == 302
    reply.refresh_from_db()
    ours.refresh_from_db()
    assert (reply.status, reply.approved_by) == (ReplyStatus.APPROVED, head_a)
    assert ours.status == A.REPLIED
    assert Notification.objects.filter(
        recipient=lead_deputy, kind="proposals.reply_to_rate"
    ).exists()


def test_liaison_may_not_sign(client, liaison_a, org_a):
    assignment = _assignment(org_a, status=A.ACCEPTED)
    _draft(assignment)
    client.force_login(liaison_a)

    assert client.post(_url("org_reply_sign", assignment)).status_code == 403
    assert Reply.objects.get().status == ReplyStatus.DRAFT


def test_hub_head_may_not_sign_a_departments_reply(client, hub_liaison, org_a):
    head = UserFactory(roles=[Role.ORG_HEAD], organization=hub_liaison.organization)
    assignment = _assignment(org_a, status=A.ACCEPTED)
    _draft(assignment)
    client.force_login(head)

    assert client.post(_url("org_reply_sign", assignment)).status_code == 403
    assert Reply.objects.get().status == ReplyStatus.DRAFT


def test_category_b_without_a_promised_date_is_a_form_error(client, liaison_a, org_a):
    assignment = _assignment(org_a, status=A.ACCEPTED)
    client.force_login(liaison_a)

    response = client.post(_url("org_reply", assignment), _reply_post(category="B"))

    assert response.status_code == 200
    assert "promised_date" in response.context["form"].errors
    assert not Reply.objects.exists()


def test_category_b_with_a_promised_date_is_saved(client, liaison_a, org_a):
    assignment = _assignment(org_a, status=A.ACCEPTED)
    client.force_login(liaison_a)

    client.post(
        _url("org_reply", assignment),
        _reply_post(category="B", promised_date="2026-12-31"),
    )

    assert Reply.objects.get().promised_date == datetime.date(2026, 12, 31)


def test_reply_takes_the_signed_pdf(client, liaison_a, org_a):
    assignment = _assignment(org_a, status=A.ACCEPTED)
    pdf = SimpleUploadedFile("答复函.pdf", b"%PDF-1.4\n%test\n", "application/pdf")
    client.force_login(liaison_a)

    client.post(_url("org_reply", assignment), _reply_post(attachment=pdf))

    reply = Reply.objects.get()
    page = client.get(_url("org_assignment", assignment)).content.decode()
    assert Attachment.objects.get().object_id == reply.pk
    assert "答复函.pdf" in page


def test_reply_refuses_a_non_pdf_attachment(client, liaison_a, org_a):
    assignment = _assignment(org_a, status=A.ACCEPTED)
    png = SimpleUploadedFile("scan.png", b"\x89PNG\r\n\x1a\n" + b"0" * 32)
    client.force_login(liaison_a)

    response = client.post(_url("org_reply", assignment), _reply_post(attachment=png))

    assert "attachment" in response.context["form"].errors
    assert not Reply.objects.exists()


def test_co_handling_reply_form_says_it_is_an_opinion(client, liaison_b, org_a, org_b):
    _lead, co = _with_co(org_a, org_b)
    client.force_login(liaison_b)

    page = client.get(_url("org_reply", co)).content.decode()

    assert 'data-testid="co-handling-note"' in page


def test_never_shows_another_organisations_draft(client, liaison_a, org_a, org_b):
    lead, co = _with_co(org_a, org_b)
    _draft(co, text="协办单位尚未签发的意见草稿")
    client.force_login(liaison_a)

    page = client.get(_url("org_assignment", lead)).content.decode()

    assert "协办单位尚未签发的意见草稿" not in page


def test_lead_sees_a_signed_co_handling_opinion(client, liaison_a, org_a, org_b):
    lead, co = _with_co(org_a, org_b)
    liaison_b = build.organization_user(org_b, Role.ORG_LIAISON)
    draft = services.reply_draft(
        co, user=liaison_b, **(build.REPLY | {"text": "协办单位已签发的意见"})
    )
    services.reply_approve(draft, user=build.organization_user(org_b, Role.ORG_HEAD))
    client.force_login(liaison_a)

    page = client.get(_url("org_assignment", lead)).content.decode()

    assert "协办单位已签发的意见" in page


@time_machine.travel(IN_THE_WINDOW)
def test_contact_with_the_deputy_is_recorded(client, liaison_a, org_a):
    assignment = _assignment(org_a, status=A.ACCEPTED)
    client.force_login(liaison_a)

    response = client.post(
        _url("org_contact", assignment),
        {
            "method": "phone",
            "date": "2026-06-02",
            "participants": "张代表、李科长",
            "notes": "",
        },
    )

    assert response.status_code == 302
    assert Contact.objects.get().participants == "张代表、李科长"


@time_machine.travel(IN_THE_WINDOW)
def test_contact_before_accepting_shows_the_services_message(client, liaison_a, ours):
    client.force_login(liaison_a)

    response = client.post(
        _url("org_contact", ours),
        {"method": "phone", "date": "2026-06-02", "participants": "张代表"},
    )

    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert not Contact.objects.exists()


def test_extension_is_requested(client, liaison_a, org_a):
    assignment = _assignment(org_a, status=A.ACCEPTED)
    client.force_login(liaison_a)

    response = client.post(
        _url("org_extension", assignment),
        {"requested_due": "2026-10-15", "reason": "需协调省级部门"},
    )

    assert response.status_code == 302
    assert ExtensionRequest.objects.get().requested_due == datetime.date(2026, 10, 15)


def test_implementation_is_updated_after_the_reply(client, liaison_a, org_a):
    assignment = _assignment(org_a, status=A.REPLIED)
    client.force_login(liaison_a)

    response = client.post(
        _url("org_implementation", assignment),
        {"status": "solved", "note": "道路已硬化", "amount": "120", "unit": "万元"},
    )

    assert response.status_code == 302
    assignment.refresh_from_db()
    assert (assignment.implementation, assignment.outcome_unit) == ("solved", "万元")


def test_shared_page_links_to_our_handling_page(client, liaison_a, ours):
    client.force_login(liaison_a)

    page = client.get(ours.proposal.get_absolute_url()).content.decode()

    assert _url("org_assignment", ours) in page


# The reply letter template (.docx) ------------------------------------------


def test_reply_template_is_a_docx_with_the_title(client, liaison_a, ours):
    client.force_login(liaison_a)

    response = client.get(_url("org_reply_template", ours))
    content = b"".join(response.streaming_content)

    assert response.status_code == 200
    assert response["Content-Type"] == DOCX
    with zipfile.ZipFile(io.BytesIO(content)) as package:
        assert package.testzip() is None
        document = package.read("word/document.xml").decode()
        ElementTree.fromstring(package.read("[Content_Types].xml"))  # noqa: S314 (our own output)
        ElementTree.fromstring(package.read("_rels/.rels"))  # noqa: S314 (our own output)
    root = ElementTree.fromstring(document)  # noqa: S314 (our own output)
    assert root.tag == f"{{{W}}}document"
    assert root.findall(f"{{{W}}}body/{{{W}}}p")
    assert ours.proposal.title in document
    assert ours.proposal.lead_deputy.name in document
    upload = SimpleUploadedFile("reply.docx", content)
    assert validate_upload(upload, use="document") == DOCX


def test_reply_template_is_filled_from_the_draft(client, liaison_a, org_a):
    assignment = _assignment(org_a, status=A.ACCEPTED)
    _draft(assignment, copies_to="县人大常委会人代工委 & 督查室")
    client.force_login(liaison_a)

    response = client.get(_url("org_reply_template", assignment))
    with zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content))) as package:
        document = package.read("word/document.xml").decode()

    assert "县交〔2026〕12号" in document
    assert "王局长" in document
    assert "县人大常委会人代工委 &amp; 督查室" in document
