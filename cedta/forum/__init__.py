"""The quarterly Hub Forum: service gaps (coverage, continuum, supply risks, demand, levers), the
quarterly report, small-cell suppression, and the report templates a network can override.

Pure: records, git history and today's date in; result objects out (rendering through templates).
May import: `cedta.match`, `cedta.clients`, `cedta.review`, `cedta.records`, `cedta.io`, and the
top-level modules.
"""
