"""The only code that touches files and git.

`store` finds and reads record files and writes them (atomic, locked, confined to the data root);
`yamlread` is the strict, positional YAML reader; `gitrepo` runs git; `revisions` reads the record
files at a revision. May import: `cedta.messages`, `cedta.diagnostics`. Knows nothing of records.
"""
