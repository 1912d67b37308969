"""What a browser would submit from a page: the fields of one of its forms, as rendered."""

from html.parser import HTMLParser


class _Forms(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[dict] = []
        self._current: dict | None = None
        self._select: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and (attrs.get("method") or "").lower() == "post":
            self._current = {}
            self.forms.append(self._current)
        if self._current is None:
            return
        name = attrs.get("name")
        if tag == "input" and name and attrs.get("type") not in ("submit", "button", "file"):
            kind = attrs.get("type")
            if kind in ("checkbox", "radio"):
                if "checked" in attrs:
                    value = attrs.get("value") or "on"
                    earlier = self._current.get(name)
                    if kind == "checkbox" and earlier is not None:
                        earlier = earlier if isinstance(earlier, list) else [earlier]
                        self._current[name] = [*earlier, value]
                    else:
                        self._current[name] = value
            else:
                self._current[name] = attrs.get("value") or ""
        elif tag == "select" and name:
            self._select = name
            self._current.setdefault(name, "")
        elif tag == "option" and self._select and "selected" in attrs:
            self._current[self._select] = attrs.get("value") or ""
        elif tag == "textarea" and name:
            self._textarea = name
            self._current[name] = ""

    def handle_endtag(self, tag):
        if tag == "form":
            self._current = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._current is not None and self._textarea:
            self._current[self._textarea] += (
                data.lstrip("\n") if not self._current[self._textarea] else data
            )


def form_data(page: str, containing: str) -> dict:
    """The POST form of `page` that has a field named `containing`."""
    parser = _Forms()
    parser.feed(page)
    for form in parser.forms:
        if containing in form:
            return dict(form)
    raise AssertionError(f"no form with a field {containing!r}")
