"""Matching: a client's needs against the services of the directory, with the reasons why and why not.

Pure: records and today's date in, result objects out; no printing, no file access. `clients` (the
proposed plan) and `forum` (gaps and levers) reuse it unchanged.
May import: `cedta.records`, and the top-level `messages` and `diagnostics`.
"""
