"""QR codes (PNG, SVG) and printable A4 cards (PDF) for deputies' message tokens.

The QR matrix is computed once per token with a fixed mask pattern (the mask search is what makes
library defaults slow) and drawn as vector rectangles in the PDF. The CJK font is Debian's WenQuanYi
Micro Hei, embedded as a subset; when that file is missing the cards fall back to reportlab's
built-in CID font STSong-Light (not embedded: the PDF viewer supplies it) and `FONT_FALLBACK` says so.
"""

import io
import os
from functools import lru_cache

import qrcode
import qrcode.image.svg
from django.utils.translation import gettext as _
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen import canvas

FONT_PATH = os.environ.get("CITIZEN_MESSAGES_FONT", "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")
FONT_NAME = "WQYMicroHei"
FONT_FALLBACK = False


@lru_cache(maxsize=1)
def font_name() -> str:
    """Register the CJK font once per process; returns the name to use."""
    global FONT_FALLBACK
    if os.path.exists(FONT_PATH):
        from reportlab.pdfbase.ttfonts import TTFont

        pdfmetrics.registerFont(TTFont(FONT_NAME, FONT_PATH, subfontIndex=0))
        return FONT_NAME
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    FONT_FALLBACK = True
    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    return "STSong-Light"


def _qr(url: str) -> qrcode.QRCode:
    qr = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=2, mask_pattern=2)
    qr.add_data(url)
    qr.make(fit=True)
    return qr


def qr_png(url: str, box_size: int = 10) -> bytes:
    qr = _qr(url)
    qr.box_size = box_size
    out = io.BytesIO()
    qr.make_image().save(out)
    return out.getvalue()


def qr_svg(url: str) -> bytes:
    qr = _qr(url)
    out = io.BytesIO()
    qr.make_image(image_factory=qrcode.image.svg.SvgPathImage).save(out)
    return out.getvalue()


def _draw_qr(c, url: str, x: float, y: float, size: float) -> None:
    """Vector QR: one rectangle per horizontal run of dark modules."""
    matrix = _qr(url).get_matrix()
    n = len(matrix)
    cell = size / n
    c.setFillColorRGB(0, 0, 0)
    path = c.beginPath()
    for row, line in enumerate(matrix):
        col = 0
        while col < n:
            if line[col]:
                start = col
                while col < n and line[col]:
                    col += 1
                path.rect(x + start * cell, y + size - (row + 1) * cell, (col - start) * cell, cell)
            else:
                col += 1
    c.drawPath(path, stroke=0, fill=1)


def _fit(c, text: str, font: str, size: float, width: float) -> float:
    while size > 6 and c.stringWidth(text, font, size) > width:
        size -= 0.5
    return size


def _draw_card(c, card: dict, x: float, y: float, w: float, h: float, font: str) -> None:
    """One card in the box (x, y, w, h): header, photo, name, congress, station, QR, call to action."""
    c.setStrokeColorRGB(0.64, 0, 0)
    c.setLineWidth(1)
    c.roundRect(x, y, w, h, 4 * mm)
    band = h * 0.14
    c.setFillColorRGB(0.64, 0, 0)
    c.roundRect(x, y + h - band, w, band, 4 * mm, stroke=0, fill=1)
    c.rect(x, y + h - band, w, band / 2, stroke=0, fill=1)
    c.setFillColorRGB(1, 1, 1)
    title = _("民意直通车 · 扫码给代表留言")
    size = _fit(c, title, font, band * 0.45, w - 8 * mm)
    c.setFont(font, size)
    c.drawCentredString(x + w / 2, y + h - band * 0.62, title)

    pad = w * 0.06
    photo_w = w * 0.28
    photo_h = photo_w * 1.3
    top = y + h - band - pad
    photo = card.get("photo")
    if photo and os.path.exists(photo):
        try:
            c.drawImage(photo, x + pad, top - photo_h, photo_w, photo_h, preserveAspectRatio=True, anchor="c")
        except Exception:
            photo = None
    if not photo or not os.path.exists(photo):
        c.setFillColorRGB(0.93, 0.93, 0.93)
        c.rect(x + pad, top - photo_h, photo_w, photo_h, stroke=0, fill=1)
        c.setFillColorRGB(0.64, 0, 0)
        c.setFont(font, photo_w * 0.5)
        c.drawCentredString(x + pad + photo_w / 2, top - photo_h * 0.65, card["name"][:1])
    text_x = x + pad * 2 + photo_w
    text_w = w - (text_x - x) - pad
    c.setFillColorRGB(0.1, 0.1, 0.1)
    c.setFont(font, _fit(c, card["name"], font, h * 0.075, text_w))
    c.drawString(text_x, top - h * 0.07, card["name"])
    c.setFillColorRGB(0.3, 0.3, 0.3)
    line_y = top - h * 0.13
    for line in (card.get("congress", ""), card.get("station", "")):
        if line:
            c.setFont(font, _fit(c, line, font, h * 0.035, text_w))
            c.drawString(text_x, line_y, line)
            line_y -= h * 0.05

    qr_size = min(w * 0.5, h * 0.42)
    qr_y = y + h * 0.12
    _draw_qr(c, card["url"], x + (w - qr_size) / 2, qr_y, qr_size)
    c.setFillColorRGB(0.1, 0.1, 0.1)
    cta = _("微信扫一扫，反映问题、提出建议")
    c.setFont(font, _fit(c, cta, font, h * 0.038, w - 2 * pad))
    c.drawCentredString(x + w / 2, y + h * 0.065, cta)


def card_pdf(cards: list[dict], per_page: int = 1) -> bytes:
    """A PDF of cards: `per_page` 1 (one large card per A4 page) or 8 (a sheet, 2 × 4)."""
    font = font_name()
    out = io.BytesIO()
    c = canvas.Canvas(out, pagesize=A4, pageCompression=1)
    c.setTitle(_("代表留言二维码"))
    page_w, page_h = A4
    if per_page == 1:
        boxes = [(25 * mm, 40 * mm, page_w - 50 * mm, page_h - 80 * mm)]
    else:
        cols, rows, margin, gap = 2, 4, 10 * mm, 5 * mm
        bw = (page_w - 2 * margin - gap) / cols
        bh = (page_h - 2 * margin - (rows - 1) * gap) / rows
        boxes = [
            (margin + col * (bw + gap), page_h - margin - (row + 1) * bh - row * gap, bw, bh)
            for row in range(rows)
            for col in range(cols)
        ]
    for i, card in enumerate(cards):
        if i and i % len(boxes) == 0:
            c.showPage()
        _draw_card(c, card, *boxes[i % len(boxes)], font)
    if not cards:
        c.setFont(font, 14)
        c.drawString(25 * mm, page_h - 30 * mm, _("没有可打印的二维码"))
    c.showPage()
    c.save()
    return out.getvalue()
