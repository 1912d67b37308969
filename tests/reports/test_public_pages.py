"""The public section: what its pages and downloads show, and above all what they never show."""

import csv
import io
import json

import pytest
from django.test import Client
from django.urls import reverse

from coaching.models import Evidence
from reports.public.datasets import BY_SCOPE, KABUPATEN, NATIONAL, PROVINCE
from tests.public import (
    PUBLIC_FILE,
    PUBLIC_QUICK_WIN,
    PUBLIC_ROUND,
    SECRETS,
    VERIFIED,
    VERIFIED_SEMESTER,
    seed_public,
)


def public_urls(world) -> list[str]:
    """Every public page and every download of the cast's regions (both years' worth)."""
    regions = {
        NATIONAL: [{}],
        PROVINCE: [{"code": p.code} for p in (world.kalteng, world.kalsel)],
        KABUPATEN: [{"code": k.code} for k in (world.kapuas, world.seruyan, world.banjar)],
    }
    pages = {
        NATIONAL: "public:national",
        PROVINCE: "public:province",
        KABUPATEN: "public:kabupaten",
    }
    downloads = {
        NATIONAL: "public:national-data",
        PROVINCE: "public:province-data",
        KABUPATEN: "public:kabupaten-data",
    }
    urls = [reverse("public:dictionary")]
    for scope, kwargs_list in regions.items():
        for kwargs in kwargs_list:
            urls.append(reverse(pages[scope], kwargs=kwargs))
            for table in BY_SCOPE[scope]:
                for fmt in ("csv", "json"):
                    urls.append(
                        reverse(downloads[scope], kwargs={**kwargs, "table": table, "fmt": fmt})
                    )
    return urls


def kalteng_in_2025(client) -> tuple[str, str]:
    """Kalimantan Tengah's published kabupaten/kota and its packages' pagu, as downloaded."""
    url = reverse("public:national-data", kwargs={"table": "provinsi", "fmt": "csv"})
    rows = csv.DictReader(io.StringIO(client.get(url + "?tahun=2025").content.decode()))
    row = next(row for row in rows if row["kode_provinsi"] == "62")
    return row["jumlah_kabupaten_kota"], row["pagu"]


def text_of(response) -> str:
    return response.content.decode()


@pytest.fixture
def seeded(world):
    return seed_public(world)


class PublicPagesTests:
    def test_it_shows_seruyans_verified_progress_without_a_login(self, client, world, seeded):
        page = text_of(client.get(reverse("public:kabupaten", kwargs={"code": "62.07"})))
        assert "Kabupaten Seruyan" in page
        assert "41,37" in page  # AL-01, verified
        assert "52,48" in page  # AL-03: its verified first semester, not the submitted second
        assert PUBLIC_QUICK_WIN in page
        assert PUBLIC_ROUND in page
        assert "Seruyan Barasih" in page
        assert "Rp 1.250.000.000" in page and "Rp 750.000.000" in page  # by source
        assert "Rp 2.000.000.000" in page  # the package's total: its lines only

    def test_it_offers_the_same_figures_as_csv(self, client, world, seeded):
        response = client.get(
            reverse(
                "public:kabupaten-data",
                kwargs={"code": "62.07", "table": "indikator", "fmt": "csv"},
            )
        )
        assert response["Content-Type"].startswith("text/csv")
        rows = list(csv.DictReader(io.StringIO(text_of(response))))
        by_code = {row["kode_indikator"]: row for row in rows}
        assert by_code["AL-01"]["nilai_terverifikasi"] == str(VERIFIED)
        assert by_code["AL-03"]["nilai_terverifikasi"] == str(VERIFIED_SEMESTER)
        assert by_code["AL-03"]["periode_nilai"] == "1"
        assert by_code["PS-02"]["nilai_terverifikasi"] == ""  # a draft is no value
        assert by_code["PS-02"]["status"] == "abu"
        assert {row["kode_kabupaten_kota"] for row in rows} == {"62.07"}
        assert {row["kode_provinsi"] for row in rows} == {"62"}

    def test_its_json_carries_the_metadata(self, client, world, seeded):
        response = client.get(
            reverse(
                "public:kabupaten-data",
                kwargs={"code": "62.07", "table": "pendanaan", "fmt": "json"},
            )
            + "?tahun=2025"
        )
        document = json.loads(response.content)
        assert document["wilayah"] == {"kode": "62.07", "nama": "Kabupaten Seruyan"}
        assert document["tahun"] == 2025
        assert [c["nama"] for c in document["kolom"]][:2] == ["kode_kabupaten_kota", "tahun"]
        assert {(row["kode_sumber_dana"], row["pagu"]) for row in document["data"]} == {
            ("apbd-kabupaten", 1250000000),
            ("dak", 750000000),
        }
        assert response["Access-Control-Allow-Origin"] == "*"

    def test_it_lists_provinces_and_their_kabupaten_side_by_side(self, client, world, seeded):
        national = text_of(client.get(reverse("public:national")))
        assert "Kalimantan Tengah" in national and "Kalimantan Selatan" in national
        province = text_of(client.get(reverse("public:province", kwargs={"code": "62"})))
        assert "Kabupaten Kapuas" in province and "Kabupaten Seruyan" in province
        assert "41,37" in province  # the key-indicator matrix

    def test_it_never_shows_anything_unverified_or_personal(self, client, world, seeded):
        leaks = {}
        for url in public_urls(world):
            response = client.get(url)
            assert response.status_code == 200, url
            content = text_of(response)
            found = [
                what for what, forms in SECRETS.items() if any(form in content for form in forms)
            ]
            if found:
                leaks[url] = found
        assert leaks == {}

    def test_the_secrets_are_really_there_behind_the_login(self, client_for, world, seeded):
        # The absence above proves something only if each secret is in the database as written.
        seruyan = client_for("seruyan")
        pages = [
            reverse("programs:values-entry", kwargs={"code": "62.07"}) + "?year=2025",
            reverse("coaching:session-detail", kwargs={"pk": seeded.round.pk}),
            reverse("coaching:quickwin-list", kwargs={"code": "62.07"}),
        ]
        content = " ".join(text_of(seruyan.get(url)) for url in pages)
        for what in ("submitted value", "draft value", "chair of the round", "private quick win"):
            assert any(form in content for form in SECRETS[what]), what

    def test_it_serves_a_public_file_and_no_other(self, client, world, seeded):
        public = client.get(reverse("public:evidence", kwargs={"pk": seeded.public_file.pk}))
        assert public.status_code == 200
        for evidence in Evidence.objects.exclude(pk=seeded.public_file.pk):
            response = client.get(reverse("public:evidence", kwargs={"pk": evidence.pk}))
            assert response.status_code == 404, evidence.original_name
        page = text_of(client.get(reverse("public:kabupaten", kwargs={"code": "62.07"})))
        assert reverse("public:evidence", kwargs={"pk": seeded.public_file.pk}) in page
        assert PUBLIC_FILE in page


class PublicSwitchTests:
    def test_it_answers_404_everywhere_when_the_administrator_switches_it_off(
        self, client, world, seeded
    ):
        from reports.models import PublicationSettings

        PublicationSettings.objects.update_or_create(pk=1, defaults={"enabled": False})
        urls = public_urls(world) + [
            reverse("public:evidence", kwargs={"pk": seeded.public_file.pk})
        ]
        assert {url: client.get(url).status_code for url in urls} == dict.fromkeys(urls, 404)
        assert reverse("public:national") not in text_of(client.get(reverse("login")))

    def test_a_kabupaten_that_opts_out_is_nowhere(self, client, world, seeded):
        from reports.models import KabupatenPublication

        assert kalteng_in_2025(client)[:2] == ("2", "2000000000")
        KabupatenPublication.objects.create(kabupaten=world.seruyan, published=False)
        # Left out of the national figures too: its count and its packages' funding.
        assert kalteng_in_2025(client)[:2] == ("1", "0")
        for url in public_urls(world):
            response = client.get(url)
            if "/62.07/" in url:
                assert response.status_code == 404, url
                continue
            assert response.status_code == 200, url
            content = text_of(response)
            assert "Seruyan" not in content, url
            assert "62.07" not in content, url
        file = reverse("public:evidence", kwargs={"pk": seeded.public_file.pk})
        assert client.get(file).status_code == 404


@pytest.mark.parametrize("persona", ["anonymous", "kapuas", "admin"])
def test_anybody_reads_the_public_pages(client_for, world, persona):
    response = client_for(persona).get(reverse("public:national"))
    assert response.status_code == 200


def test_an_unknown_table_or_region_is_not_found(world):
    client = Client()
    for url in (
        reverse("public:kabupaten", kwargs={"code": "99.99"}),
        reverse("public:province", kwargs={"code": "99"}),
        reverse("public:national-data", kwargs={"table": "indikator", "fmt": "csv"}),
        reverse("public:kabupaten-data", kwargs={"code": "62.07", "table": "x", "fmt": "json"}),
    ):
        assert client.get(url).status_code == 404, url
