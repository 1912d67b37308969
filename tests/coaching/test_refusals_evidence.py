"""Evidence from the side of what must not happen: a file that is no evidence (whatever its
name says) is refused by the service as well as by the form, and a refused attachment leaves
neither a row nor a file behind."""

from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from coaching import services
from coaching.models import Evidence
from programs import services as programs_services
from programs.models import ActualValue, IndicatorTarget
from tests.refusals import nothing_written, refusal
from tests.valid_forms import PDF

NOT_ACCEPTED = "Jenis berkas ini tidak diterima."


def stored_files() -> set[Path]:
    return {path for path in Path(settings.MEDIA_ROOT).rglob("*") if path.is_file()}


def disguised() -> SimpleUploadedFile:
    return SimpleUploadedFile("notulen.pdf", b"<script>alert(1)</script>", "application/pdf")


class EvidenceRefusalTests:
    @pytest.mark.parametrize("subject", ["kapuas_session", "kapuas_followup", "kapuas_quickwin"])
    def test_it_attaches_no_disguised_file_whoever_calls(self, world, subject):
        files = stored_files()
        with refusal(tables=(Evidence,)) as error:
            services.evidence_attach(
                actor=world.users["kapuas"],
                subject=getattr(world, subject),
                upload=disguised(),
                kind="minutes",
            )
        assert NOT_ACCEPTED in " ".join(error.value.messages)
        assert stored_files() == files

    def test_a_refused_attachment_leaves_no_file_behind(self, world):
        """A real PDF whose record the model refuses (a kind that does not exist): the file
        was already written, and must go with the refused record."""
        files = stored_files()
        with nothing_written(tables=(Evidence,)), pytest.raises(ValidationError):
            services.evidence_attach(
                actor=world.users["kapuas"],
                subject=world.kapuas_session,
                upload=SimpleUploadedFile("notulen.pdf", PDF, "application/pdf"),
                kind="no-such-kind",
            )
        assert stored_files() == files

    def test_a_value_takes_no_disguised_file_whoever_calls(self, world):
        al03 = IndicatorTarget.objects.get(kabupaten=world.kapuas, indicator__code="AL-03")
        files = stored_files()
        with refusal(tables=(ActualValue,)) as error:
            programs_services.value_save(
                actor=world.users["kapuas"],
                target=al03,
                period=1,
                value=Decimal(2),
                evidence=disguised(),
            )
        assert NOT_ACCEPTED in " ".join(error.value.messages)
        assert stored_files() == files
