"""The reply letter template (.docx) in the official layout (GB/T 9704), filled
from an assignment and its current reply, for the organisation to finish in
WPS or Word."""

import io
import zipfile
from xml.sax.saxutils import escape

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext

from congress.models import User
from congress.roles import Role
from proposals.models import Assignment, AssignmentRole, AssignmentStatus, Reply

A = AssignmentStatus


def head_of(assignment: Assignment) -> User | None:
    return (
        User.objects.with_role(Role.ORG_HEAD)
        .filter(organization_id=assignment.organization_id)
        .order_by("pk")
        .first()
    )


def _split_contact(contact: str) -> tuple[str, str]:
    """ "李科长 13900000000" → ("李科长", "13900000000")."""
    name, _space, phone = contact.strip().rpartition(" ")
    if name and any(char.isdigit() for char in phone):
        return name.strip(), phone
    return contact.strip(), ""


def _letter_paragraphs(assignment: Assignment) -> list[tuple[str, str]]:
    """(style, text) for each paragraph of the letter, filled from the
    assignment and, when there is one, the current round's reply."""
    proposal = assignment.proposal
    reply = Reply.objects.filter(assignment=assignment, round=assignment.round).first()
    blank = "＿＿＿＿"
    head = head_of(assignment)
    signer = reply.signer if reply else (head.real_name if head else blank)
    name, phone = _split_contact(reply.contact) if reply else (blank, blank)
    names = {"title": proposal.title, "deputy": proposal.lead_deputy.name}
    if assignment.role == AssignmentRole.CO:
        lead = proposal.assignments.filter(role=AssignmentRole.LEAD).exclude(
            status=A.WITHDRAWN
        )
        title = gettext("Co-handling opinion on “%(title)s” by deputy %(deputy)s")
        salutation = "、".join(lead.values_list("organization__name", flat=True))
        salutation = gettext("%(organization)s:") % {"organization": salutation}
    else:
        title = gettext("Reply to “%(title)s” submitted by deputy %(deputy)s")
        salutation = gettext("Deputy %(deputy)s:") % names
    body = reply.text.splitlines() if reply else []
    body = [line for line in body if line.strip()] or [
        gettext(
            "[The reply: what has been done, what will be done and by when, "
            "and why where something cannot be done.]"
        )
    ]
    copies = (reply.copies_to if reply else "") or (
        assignment.via_hub.name if assignment.via_hub else blank
    )
    category = reply.category if reply else "A / B / C"
    number = reply.reference_number if reply else blank
    signed_by = gettext("Signed by: %(signer)s") % {"signer": signer}
    return [
        ("mark", gettext("Category: %(category)s") % {"category": category}),
        ("letterhead", assignment.organization.name),
        ("number", f"{number}\t{signed_by}"),
        ("title", title % names),
        ("plain", salutation),
        (
            "body",
            gettext(
                "We have received “%(title)s” (No. %(number)s), which you "
                "submitted. Our reply follows:"
            )
            % {"title": proposal.title, "number": proposal.number or blank},
        ),
        *_part_paragraph(assignment),
        *(("body", line.strip()) for line in body),
        ("body", gettext("Thank you for your concern for and support of our work.")),
        ("right", assignment.organization.name),
        ("right", date_format(timezone.localdate(), "DATE_FORMAT")),
        ("plain", gettext("Contact person: %(name)s") % {"name": name}),
        ("plain", gettext("Phone: %(phone)s") % {"phone": phone or blank}),
        ("copies", gettext("Copies to: %(copies)s") % {"copies": copies}),
    ]


def _part_paragraph(assignment: Assignment) -> list[tuple[str, str]]:
    """Split handling (分口办理): the letter answers the part assigned to us."""
    if not assignment.part:
        return []
    text = gettext(
        "The item is handled in parts; this letter answers the part assigned "
        "to our organisation: %(part)s."
    )
    return [("body", text % {"part": assignment.part})]


# GB/T 9704 layout: A4, 3-size 仿宋 body, 2-size 小标宋 title, red letterhead.
# Word rejects a file whose property elements are out of the schema's order
# (pBdr, tabs, spacing, ind, jc; rFonts, color, sz): keep them so.
TEXT_WIDTH = 11906 - 1588 - 1474
LETTER_STYLES = {
    # style: (paragraph properties, run properties)
    "mark": ("", "<w:rFonts w:eastAsia='黑体'/><w:sz w:val='32'/>"),
    "letterhead": (
        "<w:pBdr><w:bottom w:val='single' w:sz='18' w:space='6' w:color='FF0000'/>"
        "</w:pBdr><w:spacing w:before='240' w:after='240'/><w:jc w:val='center'/>",
        "<w:rFonts w:eastAsia='方正小标宋简体'/><w:color w:val='FF0000'/>"
        "<w:sz w:val='60'/>",
    ),
    "number": (
        f"<w:tabs><w:tab w:val='right' w:pos='{TEXT_WIDTH}'/></w:tabs>"
        "<w:spacing w:after='480'/>",
        "<w:rFonts w:eastAsia='仿宋_GB2312'/><w:sz w:val='32'/>",
    ),
    "title": (
        "<w:spacing w:after='480'/><w:jc w:val='center'/>",
        "<w:rFonts w:eastAsia='方正小标宋简体'/><w:sz w:val='44'/>",
    ),
    "plain": ("", "<w:rFonts w:eastAsia='仿宋_GB2312'/><w:sz w:val='32'/>"),
    "body": (
        "<w:ind w:firstLineChars='200' w:firstLine='640'/>",
        "<w:rFonts w:eastAsia='仿宋_GB2312'/><w:sz w:val='32'/>",
    ),
    "right": (
        "<w:jc w:val='right'/>",
        "<w:rFonts w:eastAsia='仿宋_GB2312'/><w:sz w:val='32'/>",
    ),
    "copies": (
        "<w:pBdr><w:top w:val='single' w:sz='6' w:space='4' w:color='000000'/>"
        "</w:pBdr><w:spacing w:before='480'/>",
        "<w:rFonts w:eastAsia='仿宋_GB2312'/><w:sz w:val='28'/>",
    ),
}
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
CONTENT_TYPES = (
    "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>"
    "<Types xmlns='http://schemas.openxmlformats.org/package/2006/content-types'>"
    "<Default Extension='rels' "
    "ContentType='application/vnd.openxmlformats-package.relationships+xml'/>"
    "<Default Extension='xml' ContentType='application/xml'/>"
    "<Override PartName='/word/document.xml' ContentType='application/"
    "vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml'/>"
    "</Types>"
)
PACKAGE_RELS = (
    "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>"
    "<Relationships "
    "xmlns='http://schemas.openxmlformats.org/package/2006/relationships'>"
    "<Relationship Id='rId1' Type='http://schemas.openxmlformats.org/"
    "officeDocument/2006/relationships/officeDocument' Target='word/document.xml'/>"
    "</Relationships>"
)


def _paragraph_xml(style: str, text: str) -> str:
    paragraph, run = LETTER_STYLES[style]
    runs = "<w:r><w:tab/></w:r>".join(
        f"<w:r><w:rPr>{run}</w:rPr><w:t xml:space='preserve'>{escape(part)}</w:t></w:r>"
        for part in text.split("\t")
    )
    return f"<w:p><w:pPr>{paragraph}</w:pPr>{runs}</w:p>"


def reply_letter_docx(assignment: Assignment) -> bytes:
    """A minimal WordprocessingML package: the parts Word and WPS need."""
    body = "".join(_paragraph_xml(*item) for item in _letter_paragraphs(assignment))
    document = (
        "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>"
        f"<w:document xmlns:w='{W_NS}'><w:body>{body}"
        "<w:sectPr><w:pgSz w:w='11906' w:h='16838'/>"
        "<w:pgMar w:top='2098' w:right='1474' w:bottom='1984' w:left='1588' "
        "w:header='851' w:footer='992' w:gutter='0'/></w:sectPr>"
        "</w:body></w:document>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("[Content_Types].xml", CONTENT_TYPES)
        package.writestr("_rels/.rels", PACKAGE_RELS)
        package.writestr("word/document.xml", document)
    return buffer.getvalue()
