"""Printable documents: the bulletin as A4 PDF and .docx, the yearly per-deputy report as PDF.

The PDF layout follows a Chinese government work bulletin (工作简报): the red masthead with the
issue number, the issuing body and the date above a red rule, the title, the sections each closed
by its contributor in parentheses, and the distribution block (送/发) between two rules at the end.
The CJK font is the WenQuanYi subset the QR cards embed (citizen_messages.cards.font_name).
"""

import io
from xml.sax.saxutils import escape

from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (
    HRFlowable,
    KeepTogether,
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from citizen_messages.cards import font_name

RED = colors.HexColor("#c00000")


def _styles():
    font = font_name()

    def style(name, size, **kw):
        kw.setdefault("leading", size * 1.6)
        return ParagraphStyle(name, fontName=font, fontSize=size, wordWrap="CJK", **kw)

    return {
        "masthead": style("masthead", 40, alignment=TA_CENTER, textColor=RED, leading=52),
        "number": style("number", 15, alignment=TA_CENTER, spaceBefore=4),
        "title": style("title", 20, alignment=TA_CENTER, spaceBefore=10, spaceAfter=10),
        "heading": style("heading", 15, spaceBefore=8, spaceAfter=2, firstLineIndent=30),
        "body": style("body", 14, alignment=TA_JUSTIFY, firstLineIndent=28),
        "contributor": style("contributor", 13, alignment=TA_RIGHT, spaceAfter=6),
        "small": style("small", 12),
        "right": style("right", 12, alignment=TA_RIGHT),
        "cell": style("cell", 11, leading=16),
    }


def _p(text, style):
    return Paragraph(escape(str(text)).replace("\n", "<br/>"), style)


def _date(d) -> str:
    return _("%(y)d年%(m)d月%(d)d日") % {"y": d.year, "m": d.month, "d": d.day}


def bulletin_pdf(bulletin) -> bytes:
    s = _styles()
    out = io.BytesIO()
    doc = SimpleDocTemplate(
        out,
        pagesize=A4,
        leftMargin=28 * mm,
        rightMargin=26 * mm,
        topMargin=30 * mm,
        bottomMargin=30 * mm,
        title=bulletin.title,
        author=bulletin.issuing_body,
    )
    width = A4[0] - 54 * mm
    story = [
        _p(_("工作简报"), s["masthead"]),
        _p(_("第%(n)s期") % {"n": bulletin.number}, s["number"]),
        Spacer(1, 6 * mm),
        Table(
            [[_p(bulletin.issuing_body, s["small"]), _p(_date(bulletin.issue_date), s["right"])]],
            colWidths=[width * 0.65, width * 0.35],
            style=TableStyle([("ALIGN", (1, 0), (1, 0), "RIGHT"), ("LEFTPADDING", (0, 0), (-1, -1), 0)]),
        ),
        HRFlowable(width="100%", thickness=2, color=RED, spaceBefore=2, spaceAfter=8),
        _p(bulletin.title, s["title"]),
    ]
    for section in bulletin.sections.all():
        block = [_p(section.title, s["heading"])]
        block += [_p(par, s["body"]) for par in section.text.splitlines() if par.strip()]
        if section.contributor:
            block.append(_p(_("（%(unit)s供稿）") % {"unit": section.contributor}, s["contributor"]))
        story.append(KeepTogether(block[:2]))
        story.extend(block[2:])
    story.append(Spacer(1, 10 * mm))
    distribution = []
    if bulletin.send_to:
        distribution.append(_p(_("送：%(who)s") % {"who": bulletin.send_to}, s["small"]))
    if bulletin.copy_to:
        distribution.append(_p(_("发：%(who)s") % {"who": bulletin.copy_to}, s["small"]))
    if distribution:
        rule = HRFlowable(width="100%", thickness=1, color=colors.black, spaceBefore=2, spaceAfter=2)
        story.append(KeepTogether([rule, *distribution, rule]))
    doc.build(story)
    return out.getvalue()


def bulletin_docx(bulletin) -> bytes:
    """The same bulletin as a Word document for editing (python-docx)."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Pt, RGBColor

    doc = Document()
    normal = doc.styles["Normal"]
    normal.font.name = "SimSun"
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), "宋体")
    normal.font.size = Pt(14)

    def para(text, size=14, align=None, color=None, indent=False):
        p = doc.add_paragraph()
        if align is not None:
            p.alignment = align
        if indent:
            p.paragraph_format.first_line_indent = Pt(size * 2)
        run = p.add_run(text)
        run.font.size = Pt(size)
        if color:
            run.font.color.rgb = color
        return p

    para(_("工作简报"), 36, WD_ALIGN_PARAGRAPH.CENTER, RGBColor(0xC0, 0, 0))
    para(_("第%(n)s期") % {"n": bulletin.number}, 15, WD_ALIGN_PARAGRAPH.CENTER)
    para(f"{bulletin.issuing_body}\t\t{_date(bulletin.issue_date)}", 12)
    para(bulletin.title, 20, WD_ALIGN_PARAGRAPH.CENTER)
    for section in bulletin.sections.all():
        para(section.title, 15, indent=True)
        for par in section.text.splitlines():
            if par.strip():
                para(par, 14, WD_ALIGN_PARAGRAPH.JUSTIFY, indent=True)
        if section.contributor:
            para(_("（%(unit)s供稿）") % {"unit": section.contributor}, 13, WD_ALIGN_PARAGRAPH.RIGHT)
    if bulletin.send_to:
        para(_("送：%(who)s") % {"who": bulletin.send_to}, 12)
    if bulletin.copy_to:
        para(_("发：%(who)s") % {"who": bulletin.copy_to}, 12)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def deputy_reports_pdf(year: int, region_name: str, pages: list[dict]) -> bytes:
    """One A4 page per deputy: who they are and what they did in `year` (figures computed by
    reports.deputy_report.pages)."""
    s = _styles()
    out = io.BytesIO()
    doc = SimpleDocTemplate(
        out, pagesize=A4, leftMargin=25 * mm, rightMargin=25 * mm, topMargin=25 * mm, bottomMargin=25 * mm
    )
    width = A4[0] - 50 * mm
    story = []
    for i, page in enumerate(pages):
        if i:
            story.append(PageBreak())
        story.append(_p(_("%(year)s年度人大代表履职报告") % {"year": year}, s["title"]))
        story.append(_p(f"{page['name']}　{region_name}", s["number"]))
        story.append(Spacer(1, 6 * mm))
        rows = [[_p(label, s["cell"]), _p(value, s["cell"])] for label, value in page["about"] + page["figures"]]
        table = Table(rows, colWidths=[width * 0.45, width * 0.55])
        table.setStyle(
            TableStyle(
                [
                    ("GRID", (0, 0), (-1, -1), 0.5, colors.grey),
                    ("BACKGROUND", (0, 0), (0, -1), colors.HexColor("#f3f3f3")),
                    ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ]
            )
        )
        story.append(table)
    if not pages:
        story.append(_p(_("暂无代表"), s["body"]))
    doc.build(story)
    return out.getvalue()
