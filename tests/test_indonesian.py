"""Every page a persona reaches, in Indonesian, shows no English: not in its text, not in what a
screen reader reads (aria-label, title, placeholder, alt), not in the errors its forms answer
when sent empty or with nonsense typed in.

Two nets catch an English string: a text that is exactly an English message of the catalogues
(ours and Django's) whose Indonesian differs, which is what an untranslated `{% translate %}`
or a missing .po entry shows; and common English words of an interface, which is what a string
never marked for translation, or a library's message without an Indonesian translation, shows.
"""

import gettext
import re
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.urls import resolve, reverse
from django.utils.translation import trans_real

from .pages import ROLES, crawl, distinct, post_forms
from .test_permissions import MATRIX

# Words of an English interface that Indonesian pages never use; the test below checks that no
# Indonesian translation of ours contains one, so each of them really marks English. ("server"
# is not one: Indonesian says "kesalahan server".)
ENGLISH_WORDS = frozenset(
    re.findall(
        r"\w+",
        """
    a about absent account bad forbidden request achieved action actions add agencies agency all also an and
    annual any archive are as at attach attached attendance back be because been before
    below by can cancel cancelled cannot chair change changes choose clear clinics close
    closed column columns confirm could count create currently dashboard date day decisions
    delete description details done down download downloads draft dropped due edit empty end
    ensure enter entered entry error errors evidence export failed feedback field file files
    filter first follow for found from generate generated guest guests has have head help
    here hide history home how import in indicator indicators into invalid is it kind
    language last least less level list log login logout month more most must name new next
    none not note notes nothing number of old on only open option or other out overdue owner
    page pages password pending percent percentage period planned please present
    presentation previous profile progress province quarter ready reason recommendations
    recorded region regions remove report reports requested required reset returned row rows
    save search sector see select send session sessions should show sign signed size skip
    sorry sort spreadsheet start submit submitted summary template than that the then there
    this time title to today unknown up upload user username value values venue verified
    view waiting was week what when where which who why will wins with workbook would year
    yes yet you your january february march may june july august october december monday
    tuesday wednesday thursday friday saturday sunday
        """,
    )
)

# English that is right on an Indonesian page: the language switch names English in English, and
# "unit" (an indicator's unit) is Indonesian too.
ALLOWED_TEXTS = {"English", "unit"}

# Dates written by code instead of the locale: 20-10-2025, 2025-10-20.
RAW_DATE = re.compile(r"\b(\d{2}-\d{2}-\d{4}|\d{4}-\d{2}-\d{2})\b")
# A number with more decimals than any indicator of the cast has (81,5000 for 81,5).
LONG_DECIMALS = re.compile(r"\d,\d{3,}")
# data-label names a table cell on a phone (portal.css shows it).
CHECKED_ATTRIBUTES = ("aria-label", "title", "placeholder", "alt", "data-label")


class VisibleText(HTMLParser):
    """The texts a person sees or hears: text outside scripts and styles, the attributes a
    screen reader reads, and the captions of input buttons."""

    def __init__(self):
        super().__init__()
        self.texts: list[str] = []
        self.numbers: list[str] = []  # what number boxes show
        self._hidden_depth = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("script", "style"):
            self._hidden_depth += 1
        for name in CHECKED_ATTRIBUTES:
            if attrs.get(name):
                self.texts.append(attrs[name])
        if tag == "input" and attrs.get("type") in ("submit", "button", "reset"):
            self.texts.append(attrs.get("value") or "")
        if tag == "input" and attrs.get("inputmode") == "decimal":
            self.numbers.append(attrs.get("value") or "")

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._hidden_depth -= 1

    def handle_data(self, data):
        if not self._hidden_depth:
            self.texts.append(data)


def texts_of(html: str) -> tuple[list[str], list[str]]:
    parser = VisibleText()
    parser.feed(html)
    return [text for text in (" ".join(t.split()) for t in parser.texts) if text], parser.numbers


def english_messages() -> dict[str, str]:
    """English message → Indonesian, for every message whose Indonesian differs."""
    catalog = trans_real.translation("id")._catalog
    messages = {}
    for key, value in catalog.items():
        msgid = key[0] if isinstance(key, tuple) else key
        msgid = msgid.split("\x04")[-1]  # drop a message context
        if msgid and value and msgid != value and "%" not in msgid:
            messages[msgid.strip()] = value
    return messages


ENGLISH_MESSAGES = english_messages()


def english_in(html: str) -> list[str]:
    found = []
    if "<html" in html and '<html lang="id">' not in html:
        found.append('the page does not say it is in Indonesian (<html lang="id">)')
    texts, numbers = texts_of(html)
    for number in numbers:
        if LONG_DECIMALS.search(number):
            found.append(f"number box shows {number!r}")
    for text in texts:
        if text in ALLOWED_TEXTS:
            continue
        if text in ENGLISH_MESSAGES:
            found.append(f"untranslated message {text!r}")
            continue
        words = {w.lower() for w in re.findall(r"[A-Za-z]+", text)} & ENGLISH_WORDS
        if words:
            found.append(f"English {sorted(words)} in {text!r}")
        if RAW_DATE.search(text):
            found.append(f"date not written the Indonesian way in {text!r}")
        if LONG_DECIMALS.search(text):
            found.append(f"number with more decimals than its indicator in {text!r}")
    return found


def report(problems: dict[str, list[str]]) -> str:
    return "\n".join(
        f"{where}:\n  " + "\n  ".join(sorted(set(found))) for where, found in problems.items()
    )


class TestIndonesianEverywhere:
    def test_its_word_list_is_foreign_to_our_indonesian(self):
        ours = gettext.translation("django", settings.LOCALE_PATHS[0], languages=["id"])
        indonesian = " ".join(str(text) for key, text in ours._catalog.items() if key)
        indonesian = re.sub(r"%\(\w+\)\w", " ", indonesian)  # placeholders are not words
        # Every word of the list marks English: none appears in our Indonesian translations.
        assert not ENGLISH_WORDS & set(re.findall(r"[a-z]+", indonesian.lower()))

    def test_it_catches_an_untranslated_string(self):
        page = (
            '<p>Simpan</p><p>Save targets</p><a title="Next page">›</a><p>(20-10-2025)</p>'
            '<input inputmode="decimal" value="81,5000">'
        )
        found = english_in(page)
        assert any("81,5000" in f for f in found)
        assert any("Save targets" in f for f in found)
        assert any("Next page" in f for f in found)
        assert any("20-10-2025" in f for f in found)
        assert not english_in("<p>Simpan target</p><option>English</option>")

    @pytest.mark.parametrize("persona", [*ROLES, "anonymous"])
    def test_it_shows_every_page_and_form_error_in_indonesian(self, client_for, world, persona):
        client = client_for(persona)
        problems: dict[str, list[str]] = {}
        pages = crawl(client)
        for page in pages:
            if found := english_in(page.html):
                problems[page.url] = found

        # Every form of those pages sent empty and with nonsense typed in: its error messages.
        sent = set()
        for page in distinct(pages):
            for form in post_forms(page.html, page.url):
                if form.signature in sent or not worth_sending(form.action):
                    continue
                sent.add(form.signature)
                for typed in ("", "x"):
                    response = client.post(form.action, form.filled(typed), follow=True)
                    assert response.status_code < 500, form.action
                    if found := english_in(response.content.decode()):
                        problems[f"{form.action} sent with {typed!r} from {page.url}"] = found

        assert len(pages) >= (1 if persona == "anonymous" else 10)
        assert not problems, report(problems)

    @pytest.mark.parametrize(
        ("name", "kwargs"),
        [(row.name, row.kwargs) for row in MATRIX if row.get is None and row.name != "logout"],
        ids=lambda value: value if isinstance(value, str) else None,
    )
    def test_it_refuses_a_forged_empty_form_in_indonesian(self, client_for, world, name, kwargs):
        response = client_for("admin").post(reverse(name, kwargs=kwargs(world)), {}, follow=True)
        assert response.status_code < 500
        if "text/html" in response["Content-Type"]:  # else the report was made and sent
            assert not english_in(response.content.decode())

    def test_it_speaks_english_to_those_who_chose_it(self, client_for, world):
        client = client_for("kapuas")
        client.cookies["django_language"] = "en"
        page = client.get(reverse("reports:kabupaten-dashboard", kwargs={"code": "62.03"}))
        assert english_in(page.content.decode())  # the net is not blind to English


def worth_sending(action: str) -> bool:
    """Forms that can answer with an error: not the language switch or logout, which show none,
    nor the report buttons, which only make PDFs (their refusals are checked on their own)."""
    match = resolve(urlsplit(action).path)
    return match.namespace != "reports" and match.url_name not in ("set_language", "logout")
