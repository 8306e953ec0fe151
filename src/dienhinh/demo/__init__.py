"""Vietnam's administrative units and the deterministic demo data.

Plain modules, not a Django app: the `load_admin_units`, `demo` and `demo_logins`
commands call them.
"""
