"""Checks an uploaded evidence file by what it contains, not by what it is called."""

import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # legacy .doc/.xls/.ppt
OFFICE_ZIP_PARTS = {
    "word/": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", ".docx"),
    "xl/": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".xlsx"),
    "ppt/": ("application/vnd.openxmlformats-officedocument.presentationml.presentation", ".pptx"),
}
OLE2_TYPES = {
    ".doc": "application/msword",
    ".xls": "application/vnd.ms-excel",
    ".ppt": "application/vnd.ms-powerpoint",
}
IMAGE_TYPES = {
    "JPEG": ("image/jpeg", ".jpg"),
    "PNG": ("image/png", ".png"),
    "WEBP": ("image/webp", ".webp"),
}
ODF_TYPES = {
    b"application/vnd.oasis.opendocument.text": ".odt",
    b"application/vnd.oasis.opendocument.spreadsheet": ".ods",
    b"application/vnd.oasis.opendocument.presentation": ".odp",
}


@dataclass(frozen=True)
class InspectedFile:
    content_type: str
    extension: str

    @property
    def is_image(self) -> bool:
        return self.content_type.startswith("image/")


def check_size(size: int, limit: int) -> None:
    """Refuse an empty file or one larger than `limit` bytes."""
    if size == 0:
        raise ValidationError(_("The file is empty."))
    if size > limit:
        raise ValidationError(
            _("The file is too large (%(size)s); the limit is %(limit)s.")
            % {"size": filesizeformat(size), "limit": filesizeformat(limit)}
        )


def inspect_evidence(upload: UploadedFile) -> InspectedFile:
    """The real type of an accepted file; ValidationError for anything else."""
    check_size(upload.size, settings.EVIDENCE_MAX_BYTES)
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    try:
        if head.startswith(b"%PDF-"):
            return InspectedFile("application/pdf", ".pdf")
        if head.startswith(OLE2_MAGIC):
            extension = _extension(upload.name)
            if extension in OLE2_TYPES:
                return InspectedFile(OLE2_TYPES[extension], extension)
        if head.startswith(b"PK\x03\x04"):
            office = _inspect_zip(upload)
            if office:
                return office
        image = _inspect_image(upload)
        if image:
            return image
    finally:
        upload.seek(0)
    raise ValidationError(
        _(
            "This file type is not accepted. Upload a PDF, a photo (JPEG, PNG, WebP) or an "
            "office document (Word, Excel, PowerPoint, OpenDocument)."
        )
    )


def _extension(name: str) -> str:
    return ("." + name.rsplit(".", 1)[-1].lower()) if "." in name else ""


def _inspect_zip(upload: UploadedFile) -> InspectedFile | None:
    try:
        with zipfile.ZipFile(upload) as archive:
            names = archive.namelist()
            if "mimetype" in names:
                extension = ODF_TYPES.get(archive.read("mimetype").strip())
                if extension:
                    return InspectedFile(archive.read("mimetype").strip().decode(), extension)
            if "[Content_Types].xml" in names:
                for prefix, (content_type, extension) in OFFICE_ZIP_PARTS.items():
                    if any(name.startswith(prefix) for name in names):
                        return InspectedFile(content_type, extension)
    except (zipfile.BadZipFile, KeyError, OSError):
        return None
    return None


def _inspect_image(upload: UploadedFile) -> InspectedFile | None:
    try:
        with Image.open(upload) as image:
            kind = image.format
            image.verify()
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, SyntaxError, ValueError):
        return None
    if kind in IMAGE_TYPES:
        return InspectedFile(*IMAGE_TYPES[kind])
    return None
