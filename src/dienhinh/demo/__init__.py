"""Vietnam's administrative units and the deterministic demo data.

A Django app without models: it holds the `load_admin_units`, `demo` and `demo_logins`
commands, which are the only code that imports it.
"""
