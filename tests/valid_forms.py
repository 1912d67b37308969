"""A valid form for every view that accepts POST, as its page offers it (pretix's round trip):
the page is opened by a persona who may use it, its form read from the HTML (hidden version,
one-time submission key, formset counts), then filled in as a person would.

Used by the permission matrix (every persona sends the same valid form) and by the hostile
input sweep (each field in turn replaced by a hostile value).
"""

import io
import uuid
from collections.abc import Callable
from dataclasses import dataclass

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from programs.models import ActualValue
from tests.html_forms import form_data
from tests.world import PASSWORD, World

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def pdf_upload() -> dict:
    return {"file": SimpleUploadedFile("bukti.pdf", PDF, content_type="application/pdf")}


@dataclass(frozen=True)
class ValidPost:
    """How to build a valid POST to one URL name."""

    # What a person types or chooses, given the world and what the page already holds.
    typed: Callable[[World, dict], dict] = lambda world, form: {}
    files: Callable[[], dict] | None = None
    # Bring the data into the state the action applies to (a value to reopen must be verified).
    prepare: Callable[[World], None] | None = None
    # Whether a successful POST writes to the database (an import preview writes nothing yet).
    writes: bool = True
    # Forms that differ by who sends them (a spreadsheet holds the sender's own rows):
    # called with (world, persona, client_for, cache), the cache kept for one test.
    per_persona: Callable | None = None
    # Whether the form is read from a page first (a logout button needs nothing from it).
    read_page: bool = True
    # Whether success ends on the login page (a logout), where refusals end too.
    signs_out: bool = False


def build(valid: ValidPost, world: World, url: str, page: str, reader_client) -> dict:
    """The valid form posting to `url`, read from `page` as `reader_client` sees it."""
    data: dict = {}
    if valid.read_page:
        response = reader_client.get(page)
        assert response.status_code == 200, f"{page} answered {response.status_code}"
        data = form_data(response.content.decode(), page=page, action=url)
    data.update(valid.typed(world, data))
    return data


def fresh(data: dict) -> dict:
    """The same form as sent again from a newly opened page: a new one-time key."""
    if "submission" in data:
        return {**data, "submission": str(uuid.uuid4())}
    return dict(data)


# --- Spreadsheets --------------------------------------------------------------------------------


def _filled(content: bytes, column: str, value) -> bytes:
    """A downloaded template with `value` typed into `column` of its first data row."""
    workbook = load_workbook(io.BytesIO(content))
    sheet = workbook.active
    for row in sheet.iter_rows(min_row=1, max_row=15):
        names = [cell.value for cell in row]
        if column in names:
            sheet.cell(row[0].row + 1, names.index(column) + 1).value = value
            break
    else:
        raise AssertionError(f"no column {column} in the template")
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _filled_line(content: bytes, column: str, value) -> bytes:
    """A downloaded funding template with `value` typed into `column` of its first line (the
    rows before it may be spare rows of subjects without lines)."""
    workbook = load_workbook(io.BytesIO(content))
    sheet = workbook.active
    rows = list(sheet.iter_rows())
    header = next(i for i, row in enumerate(rows) if "ID baris" in [c.value for c in row])
    names = [cell.value for cell in rows[header]]
    line = next(row for row in rows[header + 1 :] if row[names.index("ID baris")].value)
    line[names.index(column)].value = value
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


UPLOADERS = {
    "values": ("programs:values-template", "Nilai", 73, {"kapuas", "pupr", "dlh", "admin"}),
    "targets": ("programs:targets-template", "Target", 81, {"kapuas", "admin"}),
    "funding": (
        "programs:funding-template",
        "Realisasi",
        250_000_000,
        {"kapuas", "pupr", "dlh", "admin"},
    ),
}


def _template(kind: str, world: World, sender: str, client_for, cache: dict) -> bytes:
    """The sender's own template, one value changed: each OPD head's holds their OPD's rows."""
    if sender not in cache:
        template_name, column, value, _uploaders = UPLOADERS[kind]
        template = client_for(sender).get(
            reverse(template_name, kwargs={"code": world.kapuas.code}) + "?year=2025"
        )
        assert template.status_code == 200
        fill = _filled_line if kind == "funding" else _filled
        cache[sender] = fill(template.content, column, value)
    return cache[sender]


def _sender(kind: str, persona: str) -> str:
    """Who made the file a persona sends: themselves if they may import, else Bapperida."""
    return persona if persona in UPLOADERS[kind][3] else "kapuas"


def import_form(kind: str):
    def build_for(world: World, persona: str, client_for, cache: dict) -> dict:
        content = _template(kind, world, _sender(kind, persona), client_for, cache)
        upload = SimpleUploadedFile(f"{kind}.xlsx", content)
        return {"year": "2025", "file": upload, "submission": str(uuid.uuid4())}

    return build_for


def confirm_form(kind: str):
    """The confirmation form of the sender's own preview (another's import is refused anyway)."""

    def build_for(world: World, persona: str, client_for, cache: dict) -> dict:
        sender = _sender(kind, persona)
        if ("confirm", sender) not in cache:
            content = _template(kind, world, sender, client_for, cache)
            page = reverse(f"programs:{kind}-import", kwargs={"code": world.kapuas.code})
            preview = client_for(sender).post(
                page, {"year": "2025", "file": SimpleUploadedFile(f"{kind}.xlsx", content)}
            )
            assert preview.status_code == 200, f"{sender}'s preview: {preview.status_code}"
            confirm = reverse(f"programs:{kind}-import-confirm", kwargs={"code": world.kapuas.code})
            cache["confirm", sender] = form_data(
                preview.content.decode(), page=page, action=confirm
            )
        return fresh(cache["confirm", sender])

    return build_for


# --- The forms, by URL name ------------------------------------------------------------------------


def _verified(world: World) -> None:
    ActualValue.objects.filter(pk=world.kapuas_value.pk).update(
        status="verified", verified_by=world.users["kapuas"], verified_at=timezone.now()
    )


def _grid_row(world: World, form: dict) -> dict:
    """A new 2026 target on the row of Kapuas's AL-01, which has its OPD already."""
    for name, values in form.items():
        if name.endswith("-indicator") and values == [str(world.kapuas_target.indicator_id)]:
            return {name.replace("-indicator", "-target_2026"): "85"}
    raise AssertionError("the grid has no row for AL-01")


def _funding_row(world: World, form: dict) -> dict:
    """A new line in the first (empty) row of a funding grid: APBD for Kapuas's Dinas PUPR."""
    from tests.funding import sources

    return {
        "lines-0-source": str(sources()["apbd-kabupaten"].pk),
        "lines-0-agency": str(world.kapuas_pupr.pk),
        "lines-0-planning_reference": "1.03.10.2.01",
        "lines-0-pagu": "450.000.000",
        "lines-0-status": "budgeted",
    }


def _kapuas_lines(world: World) -> None:
    """A funding line of Dinas PUPR and one of DLH, whose realisasi each OPD head reports."""
    from tests.funding import kapuas_line

    kapuas_line(world)
    kapuas_line(world, world.kapuas_dlh)


VALID_POSTS: dict[str, ValidPost] = {
    "logout": ValidPost(writes=False, read_page=False, signs_out=True),
    "password_change": ValidPost(
        typed=lambda w, form: {
            "old_password": PASSWORD,
            "new_password1": "sanitasi-aman-2029",
            "new_password2": "sanitasi-aman-2029",
        }
    ),
    "coaching:session-create": ValidPost(
        typed=lambda w, form: {
            "title": "Rakor Coaching Clinic III",
            "clinic_number": "3",
            "date": "2025-09-15",
            "venue": "Aula Bapperida Kapuas",
            "chair": "Sekda Kabupaten Kapuas",
        }
    ),
    "coaching:province-session-create": ValidPost(
        typed=lambda w, form: {
            "title": "Coaching Clinic 4",
            "clinic_number": "4",
            "date": "2025-11-03",
            "venue": "Bapperida Provinsi",
            "participants": [str(w.kapuas.pk)],
        }
    ),
    "coaching:session-edit": ValidPost(typed=lambda w, form: {"venue": "Aula Kantor Bupati"}),
    "coaching:session-presentations": ValidPost(
        typed=lambda w, form: {"presentations-0-achievements": "Capaian akses sanitasi 78%"}
    ),
    "coaching:session-followups": ValidPost(
        typed=lambda w, form: {
            "followups-0-action": "Menyusun DED IPLT",
            "followups-0-owner": str(w.kapuas_pupr.pk),
            "followups-0-due_date": "2026-03-31",
        }
    ),
    "coaching:participation-edit": ValidPost(
        typed=lambda w, form: {"feedback": "Lengkapi dokumen SSK bab 4"}
    ),
    "coaching:session-evidence": ValidPost(files=pdf_upload),
    "coaching:followup-progress": ValidPost(
        typed=lambda w, form: {"status": "in_progress", "note": "Survei lokasi selesai"}
    ),
    "coaching:followup-reassign": ValidPost(
        typed=lambda w, form: {"owner": str(w.kapuas_dinkes.pk), "reason": "Tugas pokok Dinkes"}
    ),
    "coaching:followup-evidence": ValidPost(files=pdf_upload),
    "coaching:quickwin-create": ValidPost(
        typed=lambda w, form: {
            "title": "Jamban sehat percontohan",
            "agency": str(w.kapuas_pupr.pk),
            "target_date": "2026-06-30",
        }
    ),
    "coaching:quickwin-edit": ValidPost(
        typed=lambda w, form: {"description": "Beroperasi sejak Mei"}
    ),
    "coaching:quickwin-evidence": ValidPost(files=pdf_upload),
    "programs:targets-grid": ValidPost(typed=_grid_row),
    "programs:value-edit": ValidPost(
        typed=lambda w, form: {"value": "75", "note": "Survei triwulan"}
    ),
    "programs:value-verify": ValidPost(),
    "programs:value-return": ValidPost(typed=lambda w, form: {"note": "Lampirkan hasil survei"}),
    "programs:value-reopen": ValidPost(
        typed=lambda w, form: {"reason": "Salah ketik di lapangan"}, prepare=_verified
    ),
    "programs:values-import": ValidPost(per_persona=import_form("values"), writes=False),
    "programs:values-import-confirm": ValidPost(per_persona=confirm_form("values")),
    "programs:targets-import": ValidPost(per_persona=import_form("targets"), writes=False),
    "programs:targets-import-confirm": ValidPost(per_persona=confirm_form("targets")),
    "programs:funding-import": ValidPost(
        per_persona=import_form("funding"), prepare=_kapuas_lines, writes=False
    ),
    "programs:funding-import-confirm": ValidPost(
        per_persona=confirm_form("funding"), prepare=_kapuas_lines
    ),
    "reports:kabupaten-report": ValidPost(typed=lambda w, form: {"year": "2025"}),
    "reports:opd-sheet": ValidPost(typed=lambda w, form: {"year": "2025"}),
    "reports:province-report": ValidPost(typed=lambda w, form: {"year": "2025"}),
    "reports:national-report": ValidPost(typed=lambda w, form: {"year": "2025"}),
    "reports:minutes-report": ValidPost(),
    "programs:funding-grid": ValidPost(typed=_funding_row),
    "programs:funding-realisation": ValidPost(
        typed=lambda w, form: {"realisasi": "120.000.000", "status": "budgeted"}
    ),
}
