"""Serving a stored file (evidence, a generated report) whose record says it exists.

A file can go missing on disk while its record stays: a restore without the media folder, a
storage volume not mounted, a hand-deleted file. The reader then gets a page saying so (404),
and the administrators a log line naming the record, never a server error.
"""

import logging

from django.db.models.fields.files import FieldFile
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import render

logger = logging.getLogger(__name__)

# Served from the portal's own origin: forbid scripts in whatever an uploaded file may contain.
UPLOAD_CSP = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'"


def stored_file_response(
    request: HttpRequest,
    stored: FieldFile,
    *,
    filename: str,
    content_type: str,
    as_attachment: bool,
    uploaded: bool = True,
) -> HttpResponse:
    """The file as a download, or the "file missing" page when storage no longer has it.
    `uploaded` files (people's evidence) are served with a script-free policy."""
    try:
        handle = stored.open("rb")
    except (OSError, ValueError):  # ValueError: the record names no file at all
        logger.error(
            "Stored file missing: %s of %s #%s",
            stored.name or "(none)",
            stored.instance._meta.label,
            stored.instance.pk,
        )
        return render(request, "errors/missing_file.html", {"filename": filename}, status=404)
    response = FileResponse(
        handle, as_attachment=as_attachment, filename=filename, content_type=content_type
    )
    if uploaded:
        response["Content-Security-Policy"] = UPLOAD_CSP
        response["X-Content-Type-Options"] = "nosniff"
    return response


# What a browser shows itself, safely under UPLOAD_CSP; any other file is downloaded.
SHOWN_INLINE = ("application/pdf", "image/jpeg", "image/png", "image/webp")


def evidence_response(
    request: HttpRequest, stored: FieldFile, *, filename: str, content_type: str
) -> HttpResponse:
    """A file people uploaded as evidence: a PDF or an image opens in the browser, anything
    else is downloaded under the name it was uploaded with."""
    return stored_file_response(
        request,
        stored,
        as_attachment=content_type not in SHOWN_INLINE,
        filename=filename,
        content_type=content_type,
    )
