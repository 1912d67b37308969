"""The coaching pages, a module by purpose: `sessions` (clinics, their presentations and
participants), `followups` (agreed at a session, then tracked and reported on), `quickwins`,
`evidence` (files attached to any of them) and `milestones`."""
