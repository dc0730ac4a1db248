"""A client's five-part plan (§9): intake, identity (kept out of git), the path (plan steps, contacts,
outcomes, evaluation) and the caseload (who is stalled and why).

Pure operations on records; files are read and written only through `cedta.io.store`.
May import: `cedta.match`, `cedta.records`, `cedta.io`, and the top-level modules.
"""
