"""Deputies' pages, one module per subject; every URL is in deputies/urls.py.

- registry: the registry, a deputy's file, performance records, statistics;
- accounts: creating deputies' logins in bulk;
- attendance: meeting attendance and QR sign-in;
- elections: terms, closing a term, by-elections;
- reports: the deputy's performance report (PDF, batches).
"""
