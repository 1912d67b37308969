"""HTML to PDF with WeasyPrint."""

from django.conf import settings
from django.template.loader import render_to_string
from weasyprint import HTML


def render_pdf(template: str, context: dict) -> tuple[bytes, int]:
    """The PDF bytes and the number of pages. Title and author come from the template's
    <title> and <meta name="author">, which WeasyPrint writes into the PDF metadata."""
    html = render_to_string(template, context)
    document = HTML(string=html, base_url=str(settings.BASE_DIR)).render()
    return document.write_pdf(), len(document.pages)
