"""The public section (keterbukaan informasi): what anybody may see, without a login.

- `models`: the portal-wide publication settings (the administrator's switch, the publisher,
  the licence), each kabupaten/kota's opt-out, and the publication version that PostgreSQL
  bumps whenever something the public pages show changes (migration reports/0004).
- `publication`: the version, read once per request; the publication state (settings,
  regions, opt-outs) kept per version; the cache of figures, pages and downloads.
- `access`: what is published, found the way every view finds its objects (404 otherwise).
- `selectors`: one selector per public page, reading only what may be published, returning
  the plain values of `figures`; and, last, what Bapperida may choose to publish.
- `datasets`: the open-data tables (Satu Data Indonesia): columns, dictionary, CSV and JSON,
  printed from the same selector result as the page.
- `views`, `urls`: the public pages and downloads; `publishing`, `forms`, `services`:
  Bapperida's publication page behind the login and its one write.
"""
