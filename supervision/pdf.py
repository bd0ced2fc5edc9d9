"""The 审议意见书 as a PDF in the official layout, through congress.pdf."""

from congress.pdf import render_pdf
from supervision import selectors


def opinion_pdf_bytes(opinion_pk: int) -> bytes:
    opinion = selectors.opinion_for_pdf(opinion_pk)
    return render_pdf(
        "supervision/pdf/opinion.html",
        {
            "opinion": opinion,
            "item": opinion.item,
            "points": list(opinion.points.all()),
        },
    )
