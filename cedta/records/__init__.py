"""The records and their rules: `model` (the single source of the schema), `vocab` with the built-in
`vocab.yaml`, `eligibility` (a service's rules against a client: pass, fail or ask) and `checks`
(documents in, records and diagnostics out). Pure: no printing, no file access except the built-in
vocabulary. May import: `cedta.io` (for the reader's types), `cedta.messages`, `cedta.diagnostics`.
"""
