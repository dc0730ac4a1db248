"""A new network's data repository (`cedta init`): the files another city starts from. Pure: gives
the files as text; the command writes them. This module is the single source of the pre-commit
configuration and of the CI workflow (`templates/github-workflow-cedta.yml` is a copy, kept equal by
a test)."""

from __future__ import annotations

import re
import unicodedata

GITIGNORE = """\
# Direct identifiers of clients (names, phones, e-mails, addresses) live here, never in git.
data/.private/
.cedta.lock
data/.cedta.lock
# Python and editors
__pycache__/
.venv/
*.swp
"""

VOCAB = """\
# The network's own terms, added to cedta's built-in vocabulary (`cedta vocab` lists them all).
# Categories: topics modes levels stages populations client_kinds org_types schedules times intakes
#   fee_units outcome_kinds sectors regions languages
# Each term has an English and a French label; `aliases` hold other wordings that mean the same
# term (the words of a source document, in either language), written down once.
#
# topics:
#   networking:
#     en: Networking
#     fr: Réseautage
#     aliases: [Réseautage]
# populations:
#   newcomers-from-rural-areas:
#     en: Newcomers from rural areas
#     fr: Nouveaux arrivants de milieu rural
topics: {}
"""

FOLDER_README = {
    "providers": "One file per organisation and its services: `<id>.yaml`. See cedta's docs/records.md.\n",
    "hubs": "One file per hub (a group of organisations serving one population or field): `<id>.yaml`.\n",
    "clients": "One file per client: `<id>.yaml`. No name, phone, e-mail, address or SIN here:\n"
               "those go in `data/.private/`, which git ignores.\n",
}

PRE_COMMIT = """\
# pre-commit (https://pre-commit.com): `pip install pre-commit && pre-commit install`.
# Runs the cedta installed in this environment. To pin a version instead, point `repo:` at the
# cedta repository (it publishes .pre-commit-hooks.yaml) with `rev:` a tag, and drop `language`.
repos:
  - repo: local
    hooks:
      - id: cedta-validate
        name: cedta validate
        entry: cedta validate
        language: system
        pass_filenames: false
        files: ^data/
      - id: cedta-fmt
        name: cedta fmt --check
        entry: cedta fmt --check
        language: system
        files: ^data/(network|vocab)\\.yaml$|^data/(providers|hubs|clients)/[^/]+\\.yaml$
"""

WORKFLOW = """\
# Checks every pull request that touches the data and comments with what changed in the network.
# Copy to .github/workflows/cedta.yml (`cedta init` does it for a new repository).
name: cedta
on:
  pull_request:
    paths: ["data/**"]
permissions:
  contents: read
  pull-requests: write   # to post the comment (forks get a read-only token: the comment is skipped)
env:
  CEDTA_PACKAGE: cedta   # or "cedta @ git+https://<host>/<owner>/cedta@<tag>"
jobs:
  review:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
        with:
          fetch-depth: 0   # the diff needs the base branch's history
      - uses: actions/setup-python@v5
        with:
          python-version: "3.12"
      - run: pip install "$CEDTA_PACKAGE"
      - name: Describe the changes
        env:
          BASE_REF: ${{ github.base_ref }}
        run: |
          base=$(git merge-base "origin/$BASE_REF" HEAD)
          cedta diff "$base" HEAD --format markdown > cedta-diff.md || true
          cat cedta-diff.md >> "$GITHUB_STEP_SUMMARY"
      - name: Comment on the pull request
        if: github.event.pull_request.head.repo.full_name == github.repository
        env:
          GH_TOKEN: ${{ github.token }}
          PR: ${{ github.event.pull_request.number }}
        run: gh pr comment "$PR" --body-file cedta-diff.md --edit-last || gh pr comment "$PR" --body-file cedta-diff.md
      - name: Validate
        run: cedta validate
      - name: Canonical layout
        run: cedta fmt --check
"""


def slug(text: str) -> str:
    """A record id from a name: lowercase ASCII letters, digits and hyphens."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    text = re.sub(r"[^a-z0-9]+", "-", text).strip("-")[:64].strip("-")
    return text or "network"


def _quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def network_yaml(network_id: str, name: str) -> str:
    return f"""\
# The network: its forum, thresholds and leadership table (see cedta's docs/records.md).
id: {network_id}
name: {{en: {_quoted(name)}, fr: {_quoted(name)}}}
fiscal_year_start_month: 4
stalled_after_days: 60      # no contact or step done for this long: the client is stalled
small_cell_threshold: 5     # counts below this are suppressed in shared reports
forum:
  meets: quarterly
  representatives_per_hub: 2
"""


def files(network_id: str, name: str) -> dict[str, str]:
    """Path inside the new repository → text, for every file `cedta init` writes."""
    out = {
        ".gitignore": GITIGNORE,
        ".pre-commit-config.yaml": PRE_COMMIT,
        ".github/workflows/cedta.yml": WORKFLOW,
        "data/network.yaml": network_yaml(network_id, name),
        "data/vocab.yaml": VOCAB,
    }
    for folder, text in FOLDER_README.items():
        out[f"data/{folder}/README.md"] = text
    return out
