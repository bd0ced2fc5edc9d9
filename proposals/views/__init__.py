"""Proposals' pages, one module per audience; every URL is in proposals/urls.py.

- detail: the proposal page every role shares;
- deputy: my motions and suggestions, co-signing, rating and urging;
- org: the handling organisation's assignments and steps;
- office: the office staff's queue, numbering, assignment, board, decisions;
- reports: search, statistics, PDFs and the public pages;
- scores: the yearly assessment of organisations;
- evaluations: the handling evaluation form (测评表).

Access lives in proposals.access, writes in proposals.services; the views are
access helper → bound form → service → message → redirect.
"""
