"""The coaching journeys of issue #3, in Chromium, as a new user would do them."""

import pytest
from playwright.sync_api import expect

from coaching.models import ClinicSession, FollowUp
from programs.models import MilestoneAchievement

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def fill_session(page, **fields):
    for field, value in fields.items():
        page.locator(f"#id_{field}").fill(value)


def test_journey_1_a_kabupaten_records_its_internal_round(
    page, live_server, live_world, login, screenshot_dir
):
    login("bapperida.kapuas")
    page.get_by_role("link", name="Coaching clinic").first.click()
    page.get_by_role("link", name="Catat sesi").click()
    fill_session(
        page,
        title="Rakor Coaching Clinic II Perangkat Daerah",
        clinic_number="2",
        date="2025-08-25",
        venue="Aula Bapperida Kapuas",
        chair="Sekda Kabupaten Kapuas",
        agenda="Paparan capaian OPD",
        summary="OPD memaparkan capaian layanan sanitasi",
        recommendations="Pilih teknologi pengganti jamban apung",
        decisions="Usulan dibawa ke Musrenbang kecamatan",
    )
    page.get_by_label("Dinas PUPR").check()
    page.locator("input[name$='-attendee_names']").nth(1).fill("Kabid Cipta Karya")
    page.locator("#id_guests-0-organisation").fill("Bapperida Provinsi Kalimantan Tengah")
    page.get_by_role("button", name="Tambah tamu").click()
    page.locator("#id_guests-2-organisation").fill("BPPW Kalimantan Tengah")
    page.screenshot(path=screenshot_dir / "journey1-form.png", full_page=True)
    page.get_by_role("button", name="Simpan sesi").click()

    expect(page.get_by_text("Sesi sudah disimpan.")).to_be_visible()
    expect(page.get_by_text("Senin, 25 Agustus 2025")).to_be_visible()
    expect(page.get_by_text("BPPW Kalimantan Tengah", exact=True)).to_be_visible()

    page.get_by_role("link", name="Catat paparan").click()
    page.locator("fieldset", has_text="Dinas PUPR").locator("textarea").fill(
        "Akses sanitasi layak naik menjadi 78%"
    )
    page.locator("fieldset", has_text="Dinas PUPR").locator("summary").click()
    page.locator("fieldset", has_text="Dinas PUPR").get_by_label(
        "AL-01 Akses sanitasi layak"
    ).check()
    page.get_by_role("button", name="Simpan paparan").click()
    expect(page.get_by_text("Akses sanitasi layak naik menjadi 78%", exact=True)).to_be_visible()
    page.screenshot(path=screenshot_dir / "journey1-session.png", full_page=True)
    session = ClinicSession.objects.latest("id")
    assert session.guests.count() == 2


def test_journey_2_the_province_records_a_clinic(
    page, live_server, live_world, login, screenshot_dir
):
    login("provinsi.kalteng")
    page.goto(f"{live_server.url}/regions/62/clinics/")
    page.get_by_role("link", name="Catat sesi").click()
    fill_session(
        page,
        title="Persiapan Coaching Clinic 3",
        clinic_number="3",
        date="2025-10-20",
        venue="Bapperida Provinsi Kalimantan Tengah",
    )
    page.get_by_label("Kabupaten Kapuas").check()
    page.get_by_label("Kabupaten Seruyan").check()
    page.get_by_role("button", name="Simpan sesi").click()
    page.locator("article", has_text="Kabupaten Seruyan").get_by_role(
        "link", name="Paparan dan masukan"
    ).click()
    page.locator("#id_presentation").fill("Seruyan Barasih: Paket Kebijakan 1 dan 2")
    page.locator("#id_feedback").fill("Tetapkan lokasi uji coba")
    page.locator("#id_milestone_confirmed").select_option("M2")
    page.get_by_role("button", name="Simpan").click()
    expect(page.get_by_text("M2 dikonfirmasi")).to_be_visible()
    expect(page.get_by_text("Seruyan Barasih: Paket Kebijakan 1 dan 2", exact=True)).to_be_visible()
    page.screenshot(path=screenshot_dir / "journey2-province-clinic.png", full_page=True)
    assert MilestoneAchievement.objects.filter(kabupaten__code="62.07", milestone="M2").exists()


def test_journey_3_follow_ups_are_added_and_updated(
    page, live_server, live_world, login, screenshot_dir
):
    login("bapperida.kapuas")
    page.goto(f"{live_server.url}{live_world.kapuas_session.get_absolute_url()}")
    page.get_by_role("link", name="Tambah RTL").first.click()
    rows = page.locator(".followup-row")
    rows.nth(0).locator("textarea").fill("Pilih teknologi pengganti jamban apung")
    rows.nth(0).locator("select").first.select_option(label="Dinas PUPR")
    rows.nth(0).locator("input[type=date]").fill("2025-10-31")
    rows.nth(1).locator("textarea").fill("Usulan sanitasi ke Musrenbang")
    rows.nth(1).locator("select").first.select_option(label="Bapperida")
    rows.nth(1).locator("input[type=date]").fill("2025-08-01")  # before the session: refused
    page.get_by_role("button", name="Tambah baris").click()
    page.get_by_role("button", name="Tambah baris").click()
    rows = page.locator(".followup-row")
    assert rows.count() == 5
    rows.nth(4).locator("textarea").fill("TPS3R Selat Hilir sebagai percontohan")
    rows.nth(4).locator("select").first.select_option(label="DLH")
    rows.nth(4).locator("input[type=date]").fill("2025-09-30")
    page.get_by_role("button", name="Simpan tindak lanjut").click()

    expect(
        page.get_by_text("Tenggat tindak lanjut tidak boleh sebelum tanggal sesi.")
    ).to_be_visible()
    expect(page.locator("textarea").nth(0)).to_have_value("Pilih teknologi pengganti jamban apung")
    expect(page.locator("textarea").nth(4)).to_have_value("TPS3R Selat Hilir sebagai percontohan")
    page.locator(".followup-row").nth(1).locator("input[type=date]").fill("2026-02-28")
    page.get_by_role("button", name="Simpan tindak lanjut").click()
    expect(page.get_by_text("3 rencana tindak lanjut sudah ditambahkan.")).to_be_visible()

    page.get_by_role("button", name="Bapperida Kapuas").click()
    page.get_by_role("button", name="Keluar").click()
    login("pupr.kapuas")
    page.goto(f"{live_server.url}/kabupaten/62.03/follow-ups/")
    page.screenshot(path=screenshot_dir / "journey3-tracker.png", full_page=True)
    page.get_by_role("link", name="Pilih teknologi pengganti jamban apung").click()
    page.locator("#id_progress_status").select_option("in_progress")
    page.locator("#id_progress_note").fill("Survei lokasi bersama konsultan")
    page.locator("#id_progress_date").fill("2025-09-20")
    page.get_by_role("button", name="Simpan kemajuan").click()
    expect(page.get_by_text("Survei lokasi bersama konsultan", exact=True)).to_be_visible()
    page.screenshot(path=screenshot_dir / "journey3-follow-up.png", full_page=True)
    follow_up = FollowUp.objects.get(action="Pilih teknologi pengganti jamban apung")
    assert follow_up.status == "in_progress"


def test_journey_5_evidence_is_checked_and_scoped(
    page, live_server, live_world, login, screenshot_dir, tmp_path
):
    login("bapperida.kapuas")
    page.goto(f"{live_server.url}{live_world.kapuas_session.get_absolute_url()}")
    pdf = tmp_path / "notulen.pdf"
    pdf.write_bytes(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    page.locator("#id_kind").select_option("minutes")
    page.locator("#id_file").set_input_files(str(pdf))
    page.get_by_role("button", name="Lampirkan berkas").click()
    expect(page.get_by_text("Berkas sudah dilampirkan.")).to_be_visible()
    link = page.get_by_role("link", name="notulen.pdf").last
    href = link.get_attribute("href")
    assert page.request.get(f"{live_server.url}{href}").status == 200

    fake = tmp_path / "fake.pdf"
    fake.write_text("<script>alert(1)</script>")
    page.locator("#id_kind").select_option("photo")
    page.locator("#id_file").set_input_files(str(fake))
    page.get_by_role("button", name="Lampirkan berkas").click()
    expect(page.get_by_text("Jenis berkas ini tidak diterima")).to_be_visible()
    page.screenshot(path=screenshot_dir / "journey5-refused.png", full_page=True)

    page.context.clear_cookies()
    login("bapperida.seruyan")
    assert page.request.get(f"{live_server.url}{href}").status == 404
