"""The public section (keterbukaan informasi): what every citizen may see, without a login.

- `models`: the portal-wide publication settings, each kabupaten/kota's opt-out, and the
  publication version that PostgreSQL bumps whenever something the public pages show changes
  (migration reports/0003).
- `publication`: the version read once per request, the cached publication state and the
  cache of rendered pages and downloads.
- `selectors`: one selector per public table; the page, its CSV and its JSON all print its
  rows. Verified values, public quick wins and evidence, sums of money: nothing else.
- `datasets`: the open-data tables (Satu Data Indonesia): columns, dictionary, CSV and JSON.
- `views`, `urls`: thin views; every public view is declared in reports/access.py.
- `services`: the publishing controls (a kabupaten/kota's opt-out).
"""
