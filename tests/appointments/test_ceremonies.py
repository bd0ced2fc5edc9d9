import datetime
import io
import re

import pytest
from pypdf import PdfReader

from appointments import services
from appointments.models import (
    AppointmentSettings,
    CaseStatus,
    CertificatePrint,
    OathCeremony,
    Post,
)
from appointments.reminders import OATH_DUE
from appointments.templatetags.appointments_tags import cn_date, cn_number
from congress import reminders
from tests.appointments.helpers import to_vote, vote
from tests.factories.appointments import PostFactory

S = CaseStatus


def pdf_text(data: bytes) -> str:
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    return re.sub(r"\s", "", text)  # letter-spacing and line breaks


@pytest.fixture
def passed(make_case, personnel, committee):
    post = PostFactory(name="局长", form=Post.Form.DECIDE)
    case = to_vote(make_case("assessor", post=post), personnel)
    return vote(case, personnel, committee, present=6, for_=5)


def test_chinese_numerals():
    assert [cn_number(n) for n in (3, 10, 16, 26, 105, 120)] == [
        "三",
        "十",
        "十六",
        "二十六",
        "一百〇五",
        "一百二十",
    ]
    assert cn_date(datetime.date(2026, 10, 30)) == "二〇二六年十月三十日"


def test_certificate_numbered_and_case_moves_to_oath(passed, personnel):
    certificate = services.certificate_issue(
        passed, user=personnel, today=datetime.date(2026, 6, 27)
    )
    assert certificate.number == "任字〔2026〕1号"
    assert certificate.wording == "决定任命"
    passed.refresh_from_db()
    assert passed.status == S.OATH


def test_no_certificate_for_a_rejected_case(make_case, personnel, committee):
    case = vote(
        to_vote(make_case("assessor"), personnel),
        personnel,
        committee,
        present=7,
        for_=3,
    )
    with pytest.raises(services.CaseRefused, match=r"No certificate|任命书"):
        services.certificate_issue(case, user=personnel)


def test_no_second_certificate(passed, personnel):
    services.certificate_issue(passed, user=personnel)
    with pytest.raises(services.CaseRefused):
        services.certificate_issue(passed, user=personnel)


def test_certificate_pdf_carries_name_post_and_wording(passed, personnel):
    certificate = services.certificate_issue(
        passed, user=personnel, today=datetime.date(2026, 6, 27)
    )
    text = pdf_text(services.certificates_print([certificate], user=personnel))
    assert passed.person.name in text
    assert "决定任命你为" in text
    assert "局长" in text
    assert "任字〔2026〕1号" in text
    assert "二〇二六年六月二十七日" in text
    assert "任命书" in text


def test_reprints_are_logged(passed, personnel):
    certificate = services.certificate_issue(passed, user=personnel)
    services.certificates_print([certificate], user=personnel)
    services.certificates_print([certificate], user=personnel, reason="污损")
    prints = list(CertificatePrint.objects.order_by("pk"))
    assert [(p.reprint, p.reason) for p in prints] == [(False, ""), (True, "污损")]


def test_card_printing_leaves_out_the_preprinted_title(passed, personnel):
    settings_row = AppointmentSettings.load()
    settings_row.on_card, settings_row.offset_x_mm = True, 3
    settings_row.save()
    certificate = services.certificate_issue(passed, user=personnel)
    text = pdf_text(services.certificates_print([certificate], user=personnel))
    assert "任命书" not in text
    assert passed.person.name in text


def _sworn_ready(passed, personnel):
    services.certificate_issue(passed, user=personnel)
    passed.refresh_from_db()
    return passed


def test_ceremony_completes_the_sworn_and_keeps_the_absent(
    make_case, passed, personnel, committee
):
    sworn = _sworn_ready(passed, personnel)
    other = vote(
        to_vote(make_case("assessor"), personnel),
        personnel,
        committee,
        present=7,
        for_=7,
    )
    services.certificate_issue(other, user=personnel)
    ceremony = services.ceremony_record(
        held_on=datetime.date(2026, 6, 27),
        place="常委会会议室",
        presiding="陈国华",
        oath_leader="陈国华",
        form="collective",
        cases=[sworn],
        absent=[other],
        user=personnel,
    )
    assert ceremony.oath_text.startswith("我宣誓")
    sworn.refresh_from_db()
    other.refresh_from_db()
    assert (sworn.status, other.status) == (S.COMPLETED, S.OATH)
    assert ceremony.attendances.get(case=other).sworn is False


def test_ceremony_refuses_a_case_not_awaiting_the_oath(make_case, personnel):
    case = make_case("assessor")
    with pytest.raises(services.CaseRefused):
        services.ceremony_record(
            held_on=datetime.date(2026, 6, 27),
            place="x",
            presiding="y",
            form="individual",
            cases=[case],
            user=personnel,
        )
    assert not OathCeremony.objects.exists()


def test_unsworn_flagged_and_personnel_reminded_once(passed, personnel, office):
    case = _sworn_ready(passed, personnel)
    late = case.oath_due_on + datetime.timedelta(days=1)
    assert list(services.unsworn(today=late)) == [case]
    assert not services.unsworn(today=case.oath_due_on).exists()
    created = reminders.scan_rule(OATH_DUE, today=late)
    assert [log.recipient for log in created] == [personnel]
    assert reminders.scan_rule(OATH_DUE, today=late) == []
