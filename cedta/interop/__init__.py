"""Exchange with other tools: Open Referral HSDS 3.0 (export and import), spreadsheets (CSV, XLSX) and
SQLite. Client data leaves only without identifiers or notes, with small counts suppressed.
May import: `cedta.forum` (suppression), `cedta.records`, `cedta.io`, and the top-level modules.
"""
