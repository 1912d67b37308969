"""What a browser would send from a page's form: read from the rendered HTML, so that tests post
what the page really offers (hidden versions, one-time submission keys, formset counts)."""

from html.parser import HTMLParser

SKIPPED_INPUTS = {"submit", "button", "file", "reset", "image"}


class _FormReader(HTMLParser):
    def __init__(self):
        super().__init__()
        self.forms: list[tuple[str | None, dict[str, list[str]]]] = []
        self._fields: dict[str, list[str]] | None = None
        self._select: tuple[str, bool] | None = None
        self._select_options: list[tuple[str, bool]] = []
        self._textarea: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self._fields = {}
            self.forms.append((attrs.get("action"), self._fields))
            return
        if self._fields is None or not attrs.get("name") and tag != "option":
            return
        if tag == "input":
            kind = (attrs.get("type") or "text").lower()
            if kind in SKIPPED_INPUTS:
                return
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                return
            default = "on" if kind in ("checkbox", "radio") else ""
            self._fields.setdefault(attrs["name"], []).append(attrs.get("value") or default)
        elif tag == "select":
            self._select = (attrs["name"], "multiple" in attrs)
            self._select_options = []
        elif tag == "option" and self._select:
            self._select_options.append((attrs.get("value") or "", "selected" in attrs))
        elif tag == "textarea":
            self._textarea, self._text = attrs["name"], []

    def handle_data(self, data):
        if self._textarea:
            self._text.append(data)

    def handle_endtag(self, tag):
        if tag == "form":
            self._fields = None
        elif tag == "select" and self._select and self._fields is not None:
            name, multiple = self._select
            chosen = [value for value, selected in self._select_options if selected]
            if not chosen and not multiple and self._select_options:
                chosen = [self._select_options[0][0]]
            if chosen:
                self._fields[name] = chosen
            self._select = None
        elif tag == "textarea" and self._textarea and self._fields is not None:
            self._fields[self._textarea] = ["".join(self._text).removeprefix("\n")]
            self._textarea = None


def form_data(html: str, *, page: str, action: str) -> dict[str, list[str]]:
    """The fields of the form on `page` that posts to `action`, as a browser would send them."""
    reader = _FormReader()
    reader.feed(html)
    for form_action, fields in reader.forms:
        if (form_action or page) == action:
            return {name: list(values) for name, values in fields.items()}
    found = [form_action for form_action, _fields in reader.forms]
    raise AssertionError(f"no form posting to {action} on {page} (forms post to {found})")
