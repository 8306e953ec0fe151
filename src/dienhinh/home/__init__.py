"""The login and home pages and the navigation bar's context: what each user sees first.

They read several domain apps (policy, orgs, ledger, and the sections later work adds),
so they live above the apps rather than in `core`, which imports none of them.
Templates stay in `core/templates` (found by name).
"""
