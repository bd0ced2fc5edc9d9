"""Lead deputy and co-signers apart: the proposal page shows each co-signer's
answer, submitting asks before dropping unconfirmed co-signers, and only a
deputy serving at the county level leads an item."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import translation

from deputies.models import Level, MandateStatus
from proposals import services
from proposals.models import Period, ProposalEvent, ProposalKind, ProposalStatus
from proposals.models import SignerStatus as S
from proposals.services import ProposalRefused
from tests.factories.congress import TermFactory, UserFactory
from tests.factories.deputies import DeputyFactory, MandateFactory
from tests.factories.proposals import ProposalFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english(client):
    client.cookies["django_language"] = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def term(db):
    return TermFactory()


def _serving(user, term, name):
    deputy = DeputyFactory(user=user, name=name)
    MandateFactory(deputy=deputy, term=term)
    return deputy


@pytest.fixture
def me(deputy, term):
    return _serving(deputy, term, "林晓舟")


@pytest.fixture
def draft(me, term, other_deputy):
    """A draft with three co-signers: one confirmed, one declined, one invited."""
    draft = ProposalFactory(lead_deputy=me, term=term)
    confirmed = _serving(other_deputy, term, "雷斌伟")
    declined = _serving(UserFactory(roles=["deputy"]), term, "周拒绝")
    invited = _serving(UserFactory(roles=["deputy"]), term, "吴未答")
    services.signer_invite(draft, deputies=[confirmed, declined, invited], user=me.user)
    for deputy, accept in ((confirmed, True), (declined, False)):
        signer = draft.signers.get(deputy=deputy)
        services.signer_answer(signer, accept=accept, user=deputy.user)
    return draft


def _signer_block(page: str) -> str:
    start = page.index('data-testid="signers"')
    return page[start : page.index("</dl>", start)]


def test_proposal_page_names_the_lead_apart_from_cosigners_with_their_answers(
    client, deputy, draft
):
    client.force_login(deputy)
    page = client.get(draft.get_absolute_url()).content.decode()
    block = _signer_block(page)
    lead = block[block.index('data-testid="lead-deputy"') :]
    assert lead[: lead.index("</dd>")].count("雷斌伟") == 0
    for name, label in (("雷斌伟", "Confirmed"), ("周拒绝", "Declined")):
        assert name in block
        assert label in block
    assert "Invited" in block


def test_cosigner_sees_the_page_but_another_deputy_gets_404(
    client, other_deputy, draft
):
    client.force_login(other_deputy)
    assert client.get(draft.get_absolute_url()).status_code == 200
    client.force_login(UserFactory(roles=["deputy"]))
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_submit_page_lists_cosigners_and_warns_about_the_unconfirmed(
    client, deputy, draft
):
    client.force_login(deputy)
    page = client.get(reverse("proposals:deputy_submit", args=[draft.pk]))
    text = page.content.decode()
    assert 'data-testid="unconfirmed-warning"' in text
    assert "吴未答" in text
    assert "dropped from the item" in text


def test_submit_without_agreeing_to_drop_keeps_the_draft(client, deputy, draft):
    client.force_login(deputy)
    response = client.post(reverse("proposals:deputy_submit", args=[draft.pk]))
    draft.refresh_from_db()
    assert response.status_code == 200
    assert draft.status == ProposalStatus.DRAFT
    assert "Tick the box" in response.content.decode()


def test_submit_agreeing_to_drop_removes_the_unconfirmed_and_records_it(
    client, deputy, draft
):
    client.force_login(deputy)
    client.post(
        reverse("proposals:deputy_submit", args=[draft.pk]),
        {"drop_unconfirmed": "on"},
    )
    draft.refresh_from_db()
    assert draft.status == ProposalStatus.SUBMITTED
    assert sorted(draft.signers.values_list("status", flat=True)) == [
        S.CONFIRMED,
        S.DECLINED,
    ]
    event = ProposalEvent.objects.get(
        proposal=draft, type="proposals.cosigners_dropped"
    )
    assert event.comment == "吴未答"


def test_service_refuses_to_drop_unconfirmed_silently(deputy, draft):
    with pytest.raises(ProposalRefused, match="吴未答 have not confirmed"):
        services.proposal_submit(draft, user=deputy)
    draft.refresh_from_db()
    assert draft.status == ProposalStatus.DRAFT


def test_another_deputy_cannot_open_the_submit_page(client, other_deputy, draft):
    client.force_login(other_deputy)
    url = reverse("proposals:deputy_submit", args=[draft.pk])
    assert client.get(url).status_code in (403, 404)
    assert client.post(url, {"drop_unconfirmed": "on"}).status_code in (403, 404)
    draft.refresh_from_db()
    assert draft.status == ProposalStatus.DRAFT


# The lead deputy's mandate ---------------------------------------------------


def _create(lead, user):
    return services.proposal_create(
        lead_deputy=lead,
        kind=ProposalKind.SUGGESTION,
        title="关于修缮村道的建议",
        body="村道破损。",
        period=Period.RECESS,
        user=user,
    )


def test_serving_county_deputy_may_lead(me, deputy):
    assert _create(me, deputy).lead_deputy == me


def test_township_only_deputy_may_not_lead(deputy, term):
    lead = DeputyFactory(user=deputy, name="乡代表")
    MandateFactory(deputy=lead, term=term, level=Level.TOWNSHIP)
    with pytest.raises(ProposalRefused, match="no serving mandate"):
        _create(lead, deputy)


def test_deputy_whose_mandate_ended_may_not_submit(me, deputy, term):
    draft = ProposalFactory(lead_deputy=me, term=term)
    me.mandates.update(status=MandateStatus.TERM_ENDED)
    with pytest.raises(ProposalRefused, match="no serving mandate"):
        services.proposal_submit(draft, user=deputy)
    draft.refresh_from_db()
    assert draft.status == ProposalStatus.DRAFT


def test_mandate_refusal_reaches_the_deputy_in_chinese(client, me, deputy, term):
    draft = ProposalFactory(lead_deputy=me, term=term)
    me.mandates.update(status=MandateStatus.TERM_ENDED)
    client.cookies["django_language"] = "zh-hans"
    client.force_login(deputy)
    response = client.post(reverse("proposals:deputy_submit", args=[draft.pk]))
    messages = [str(m) for m in get_messages(response.wsgi_request)]
    assert any("不能作为领衔代表" in m for m in messages)


def test_paper_entry_refuses_a_lead_without_a_county_mandate(office, term):
    lead = DeputyFactory(name="无资格代表")
    with pytest.raises(ProposalRefused, match="no serving mandate"):
        services.proposal_register_paper(
            lead_deputy=lead,
            kind=ProposalKind.SUGGESTION,
            title="关于路灯的建议",
            body="路灯不亮。",
            period=Period.RECESS,
            meeting=None,
            category=None,
            user=office,
        )
