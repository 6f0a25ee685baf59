"""Render an :class:`AccountingDocument` as a one-page PDF with reportlab.

The output is byte-for-byte deterministic (reportlab's invariant mode, no timestamps), so the same document
always has the same checksum.
"""

from __future__ import annotations

import io
from pathlib import Path

import reportlab
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from workers.integrations.documents._content import AccountingDocument

__all__ = ["render_accounting_pdf"]

_REGULAR = "FleetVera"
_BOLD = "FleetVera-Bold"
# Bitstream Vera ships inside reportlab: the same glyphs (Latin-1, the euro sign) on every machine.
_FONT_FILES = {_REGULAR: "Vera.ttf", _BOLD: "VeraBd.ttf"}


def _register_fonts() -> None:
    registered = set(pdfmetrics.getRegisteredFontNames())
    fonts_dir = Path(reportlab.__file__).parent / "fonts"
    for name, file_name in _FONT_FILES.items():
        if name not in registered:
            pdfmetrics.registerFont(TTFont(name, str(fonts_dir / file_name)))


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def render_accounting_pdf(document: AccountingDocument) -> bytes:
    """The PDF bytes of ``document``."""
    _register_fonts()
    title_style = ParagraphStyle("title", fontName=_BOLD, fontSize=18, leading=22, spaceAfter=4 * mm)
    body_style = ParagraphStyle("body", fontName=_REGULAR, fontSize=10, leading=13)
    label_style = ParagraphStyle("label", parent=body_style, fontName=_BOLD)

    buffer = io.BytesIO()
    template = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=20 * mm,
        rightMargin=20 * mm,
        topMargin=20 * mm,
        bottomMargin=20 * mm,
        title=f"Accounting document {document.ticket_id}",
        author="Zeebe worker fleet",
        subject=f"Receipt from {document.vendor_name}",
        creator="workers.integrations.documents",
        invariant=1,
    )
    table = Table(
        [
            [Paragraph(_escape(label), label_style), Paragraph(_escape(value), body_style)]
            for label, value in document.rows()
        ],
        colWidths=[45 * mm, 120 * mm],
        hAlign="LEFT",
    )
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.5, colors.grey),
                ("BACKGROUND", (0, 0), (0, -1), colors.whitesmoke),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    approval = Table(
        [
            ["Approved by:", "______________________________", "Date:", "______________"],
            ["Signature:", "______________________________", "", ""],
        ],
        colWidths=[28 * mm, 75 * mm, 14 * mm, 48 * mm],
        hAlign="LEFT",
    )
    approval.setStyle(
        TableStyle([("FONTNAME", (0, 0), (-1, -1), _REGULAR), ("TOPPADDING", (0, 0), (-1, -1), 6 * mm)])
    )
    template.build(
        [
            Paragraph("Accounting document", title_style),
            Paragraph(
                _escape(f"Expense receipt booked for ticket {document.ticket_id}."),
                body_style,
            ),
            Spacer(1, 6 * mm),
            table,
            Spacer(1, 12 * mm),
            Paragraph("Approval", label_style),
            approval,
        ]
    )
    return buffer.getvalue()
