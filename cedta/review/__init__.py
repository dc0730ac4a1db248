"""What reviewers and a new network use: `fmt` (the canonical layout, text in and text out), `diff`
(two sets of records in, changes and risks out), `diffrender` (text, Markdown, JSON) and `scaffold`
(what `cedta init` writes). May import: `cedta.records`, `cedta.io`, and the top-level modules.
"""
