"""A new network's data repository (`cedta init`): the files another city starts from. Pure: gives
the files as text; the command writes them. This module is the single source of the pre-commit
configuration and of the CI workflow (`templates/github-workflow-cedta.yml` is a copy, kept equal by
a test). It also holds the record templates a new repository gets (the repository's own templates/
folder is not installed with the package), and writes the JSON Schemas their modelines point to.
Every file comes in English (byte for byte the repository's templates/ and CI workflow) and in
French (`--lang fr`: the comments and the guide in French, the same keys, ids and values).
It also says what `init` must refuse: a name it cannot write, a folder that is or holds a data
directory, and merges cedta's lines into a .gitignore that exists."""

from __future__ import annotations

import re
import unicodedata

GITIGNORE = """\
# Direct identifiers of clients (names, phones, e-mails, addresses) live here, never in git.
data/.private/
.cedta.lock
data/.cedta.lock
# A write interrupted by a crash can leave its temporary file; the next write removes it.
.*.cedta-tmp
# Python and editors
__pycache__/
.venv/
*.swp
"""

# The lines of GITIGNORE cedta needs (the rest is a convenience): added to a .gitignore that exists.
GITIGNORE_NEEDED = ("data/.private/", ".cedta.lock", "data/.cedta.lock", ".*.cedta-tmp")

VOCAB = """\
# yaml-language-server: $schema=../schemas/vocab.schema.json
# The network's own terms, added to cedta's built-in vocabulary (`cedta vocab` lists them all).
# After editing this file, run `cedta schema`: it writes the editor schemas in schemas/ again, so
# that editors know the new terms (`cedta validate` always reads this file itself).
# Categories: topics modes levels stages populations client_kinds org_types schedules times intakes
#   fee_units outcome_kinds sectors regions languages
# Each term has an English and a French label; `aliases` hold other wordings that mean the same
# term (the words of a source document, in either language), written down once.
#
# An example: remove the "# " in front of the lines you keep (each category once in the file).
# topics:
#   export-readiness:          # a new term: English and French labels
#     en: Export readiness
#     fr: Préparation à l'exportation
#     aliases: [Exportation]
#   marketing:                 # a built-in term: aliases alone add your own wording
#     aliases: [Marketing et promotion]
# populations:
#   newcomers-from-rural-areas:
#     en: Newcomers from rural areas
#     fr: Nouveaux arrivants de milieu rural
#   franco-ontarians:            # a group within a population: `part_of` makes a Franco-Ontarian
#     en: Franco-Ontarians       # client meet every service made for francophones, and `speaks`
#     fr: Franco-Ontariens       # the languages its people speak (`cedta gaps` coverage)
#     speaks: [fr]
#     part_of: [francophones]
#
# The places the network serves, in place of `{}` below, as the topics above or on one line:
#   regions: {southeast-nb: {en: Southeast New Brunswick, fr: Sud-Est du Nouveau-Brunswick}}
# The built-in regions are Ottawa's (`cedta vocab regions`); yours are listed after them, and
# `ottawa: {hidden: true}` keeps a built-in one out of the menus (one line per region to hide).
regions: {}
# A language the built-in ones lack (`cedta vocab languages`): its id is its ISO 639 code, 2 or 3
# lowercase letters; remove the "# " to keep it:
# languages:
#   crg: {en: Michif, fr: mitchif}
"""

# templates/README.md: how to add a record. It is not in data/'s folders: every file there other
# than a record is one a reviewer must look at (`cedta diff` lists it), and git would commit notes
# left in data/clients/.
TEMPLATES_README = """\
# Adding a record

Each record is one YAML file in `data/`, named after its id (lowercase letters, digits, hyphens):

| Record | Where | Start from |
|---|---|---|
| an organisation and its services | `data/providers/<id>.yaml` | `cp templates/provider.yaml data/providers/<id>.yaml` |
| a hub (organisations serving one population or field) | `data/hubs/<id>.yaml` | `cp templates/hub.yaml data/hubs/<id>.yaml` |
| a client's plan | `data/clients/<id>.yaml` | `cedta intake`, or `cp templates/client.yaml data/clients/<id>.yaml` |

(`mkdir -p data/providers data/hubs data/clients` first in a fresh clone: git keeps no empty folder.)

Client files hold no name, phone, e-mail, address or SIN: those go in `data/.private/`, which git
ignores. Keep nothing else in `data/`'s folders (no notes, no exports): git would commit it.

Each record's fields are in `schemas/<kind>.schema.json`: editors with the YAML language server check
the file as you type. `cedta vocab` lists the terms (topics, modes, languages...); after a change to
`data/vocab.yaml`, run `cedta schema` so that the schemas know the new terms. Then `cedta validate`
checks everything and `cedta fmt` writes the files in the canonical layout.
"""

# The record templates (the same as cedta's own templates/, in the canonical `cedta fmt` layout).
# The modeline is written for the file's place once copied into data/.
TEMPLATES = {
    "provider": """\
# yaml-language-server: $schema=../../schemas/provider.schema.json
# A provider (an organisation) and its services. Copy to data/providers/<id>.yaml; the id equals the
# file name. Terms (topic, modes, levels...) come from `cedta vocab`; every field is in
# schemas/provider.schema.json (`cedta schema` writes it again after a change to data/vocab.yaml).
id: new-provider
name: {en: New provider, fr: Nouveau fournisseur}
kind: non-profit
category: false
languages: [en, fr]
services:
  - id: business-plan-workshops
    name: {en: Business plan workshops, fr: Ateliers de plan d'entreprise}
    topic: business-plan
    modes: [workshops]
    languages: [en, fr]
    levels: {from: beginner, to: intermediate}
    fees: free
    schedule: {frequency: monthly, times: [evenings]}
    intake: registration
    populations: [general]
    eligibility: []
""",
    "hub": """\
# yaml-language-server: $schema=../../schemas/hub.schema.json
# A hub: organisations around one population or field. Copy to data/hubs/<id>.yaml.
id: new-hub
name: {en: New hub, fr: Nouveau centre}
population: general
director: new-provider            # a provider id; also list it among the members
members: [new-provider]
coordinator: {name: Coordinator (placeholder), org: new-provider}
forum_representatives:            # two per hub in year one
  - {name: Representative A (placeholder), org: new-provider, since: 2026-01-01}
  - {name: Representative B (placeholder), org: new-provider, since: 2026-01-01}
""",
    "client": """\
# yaml-language-server: $schema=../../schemas/client.schema.json
# A client's TA plan: needs, ordered plan steps, contacts, outcomes, evaluation.
# Copy to data/clients/<id>.yaml. NO name, phone, e-mail, address or SIN in this file:
# those stay in data/.private/ (git-ignored).
id: c-2026-0000
kind: individual
hub: new-hub
intake: {date: 2026-01-15, by: new-provider}
consent: {given: 2026-01-15, scope: hub}
profile:
  populations: [general]
  languages: {speaks: [en], reads_writes: [en]}
  stage: idea
  has: [business-idea]
  availability: [evenings]
needs:
  - {topic: business-plan, level: beginner, priority: 1}
plan:
  - topic: business-plan
    level: beginner
    service: new-provider/business-plan-workshops
    target: 2026-03-31
    status: planned
contacts: []
outcomes: []
evaluation: []
""",
    "network": """\
# yaml-language-server: $schema=../schemas/network.schema.json
# The network: forum, leadership table, thresholds. An example of every key: data/network.yaml is the network's own (cedta init wrote it); copy from here what it lacks.
id: new-network
name: {en: New CED network, fr: Nouveau réseau DÉC}
fiscal_year_start_month: 4
stalled_after_days: 60            # no contact logged for this long: the client is stalled
small_cell_threshold: 5           # counts below this are suppressed in shared reports
forum:
  meets: quarterly
  representatives_per_hub: 2
  extra_members: []
sectors: []
# Optional keys, shown here as comments (uncomment and fill in what the network has):
# leadership_table:               # validate warns when its members or co-chairs are not as given
#   size: {min: 7, max: 9}
#   term_years: 3
#   members:
#     - {name: A. Member (fictitious), sector: voluntary, org: new-provider}
#   co_chairs: [A. Member (fictitious)]
# priorities:                     # gaps the Hub Forum chose to work on: ids as `cedta gaps` gives them
#   - gap: coverage/francophones/marketing/advanced
#     date: 2026-06-18
#     decision: {en: Find an advanced marketing workshop in French., fr: Trouver un atelier de marketing avancé en français.}
#     owner: new-provider           # the organisation that carries it
# notes: {en: ..., fr: ...}
""",
    "vocab": """\
# yaml-language-server: $schema=../schemas/vocab.schema.json
# The network's own terms, added to cedta's built-in vocabulary. An example: data/vocab.yaml is the network's own (cedta init wrote it); copy from here what it lacks.
# Categories: topics modes levels stages populations client_kinds org_types schedules times
# intakes fee_units outcome_kinds sectors regions languages.
topics:
  export-readiness:         # a new term: English and French labels
    en: Export readiness
    fr: Préparation à l'exportation
    aliases: [Exportation]  # other wordings that map to this term
  marketing:                # a built-in term: aliases alone add your own wording
    aliases: [Marketing et promotion]
""",
}

PRE_COMMIT = """\
# pre-commit (https://pre-commit.com): `pip install pre-commit && pre-commit install`.
# Runs the cedta installed in this environment (cedta is not on a package index: install it from
# its git repository). To pin a version instead, point `repo:` at the cedta repository (it
# publishes .pre-commit-hooks.yaml) with `rev:` a tag or a commit of cedta, and drop `language`.
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
  # SET THIS: where CI installs cedta from. cedta is not published on a package index, so this is
  # its git repository and a tag or commit (pin one, so that CI does not change under you), e.g.
  #   CEDTA_PACKAGE: "cedta @ git+https://github.com/<owner>/cedta@<tag-or-commit>"
  CEDTA_PACKAGE: "cedta @ git+https://<host>/<owner>/cedta@<tag-or-commit>"
  # The language of the pull request's comment and of the checks' messages: en or fr.
  CEDTA_LANG: en
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
      - name: Install cedta
        run: |
          case "$CEDTA_PACKAGE" in *"<host>"*|*"<tag-or-commit>"*)
            echo "::error::set CEDTA_PACKAGE in .github/workflows/cedta.yml (git URL, tag or commit)"
            exit 1;;
          esac
          pip install "$CEDTA_PACKAGE"
      - name: Describe the changes
        env:
          BASE_REF: ${{ github.base_ref }}
        run: |
          base=$(git merge-base "origin/$BASE_REF" HEAD)
          cedta diff "$base" HEAD --format markdown > cedta-diff.md || true
          cat cedta-diff.md >> "$GITHUB_STEP_SUMMARY"
      - name: Comment on the pull request
        if: github.event.pull_request.head.repo.full_name == github.repository
        continue-on-error: true   # a comment GitHub refuses must not skip the checks below
        env:
          GH_TOKEN: ${{ github.token }}
          PR: ${{ github.event.pull_request.number }}
        run: gh pr comment "$PR" --body-file cedta-diff.md --edit-last || gh pr comment "$PR" --body-file cedta-diff.md
      - name: Validate
        run: cedta validate
      - name: Canonical layout
        run: cedta fmt --check
"""


# --- French: the same files, every explanatory comment in French (`cedta --lang fr init`). The keys,
# ids and values are those of the English texts (a test loads both and compares them); only the
# comments, the guide's prose and the placeholder names of people differ.

GITIGNORE_FR = """\
# Les identifiants directs des clients (noms, téléphones, courriels, adresses) sont ici, jamais dans git.
data/.private/
.cedta.lock
data/.cedta.lock
# Une écriture interrompue par une panne peut laisser son fichier temporaire ; la suivante l'efface.
.*.cedta-tmp
# Python et éditeurs
__pycache__/
.venv/
*.swp
"""

VOCAB_FR = """\
# yaml-language-server: $schema=../schemas/vocab.schema.json
# Les termes propres au réseau, ajoutés au vocabulaire intégré de cedta (`cedta vocab` les liste tous).
# Après avoir modifié ce fichier, lancez `cedta schema` : la commande réécrit les schémas des éditeurs
# dans schemas/, pour qu'ils connaissent les nouveaux termes (`cedta validate` lit toujours ce
# fichier directement).
# Catégories : topics modes levels stages populations client_kinds org_types schedules times intakes
#   fee_units outcome_kinds sectors regions languages
# Chaque terme a un libellé anglais et un libellé français ; `aliases` donne d'autres formulations du
# même terme (les mots d'un document source, dans l'une ou l'autre langue), notées une seule fois.
#
# Un exemple : retirez le « # » au début des lignes que vous gardez (chaque catégorie une seule fois
# dans le fichier).
# topics:
#   export-readiness:          # un nouveau terme : libellés anglais et français
#     en: Export readiness
#     fr: Préparation à l'exportation
#     aliases: [Exportation]
#   marketing:                 # un terme intégré : des alias seuls ajoutent votre formulation
#     aliases: [Marketing et promotion]
# populations:
#   newcomers-from-rural-areas:
#     en: Newcomers from rural areas
#     fr: Nouveaux arrivants de milieu rural
#   franco-ontarians:            # un groupe au sein d'une population : avec `part_of`, un client
#     en: Franco-Ontarians       # franco-ontarien répond à tout service conçu pour les francophones ;
#     fr: Franco-Ontariens       # `speaks` : les langues que parlent ses membres (couverture de `cedta gaps`)
#     speaks: [fr]
#     part_of: [francophones]
#
# Les régions que sert le réseau, à la place de `{}` ci-dessous, comme les sujets ci-dessus ou sur
# une seule ligne :
#   regions: {southeast-nb: {en: Southeast New Brunswick, fr: Sud-Est du Nouveau-Brunswick}}
# Les régions intégrées sont celles d'Ottawa (`cedta vocab regions`) ; les vôtres s'y ajoutent, et
# `ottawa: {hidden: true}` retire une région intégrée des menus (une ligne par région à masquer).
regions: {}
# Une langue qui manque aux langues intégrées (`cedta vocab languages`) : son identifiant est son code
# ISO 639, 2 ou 3 lettres minuscules ; retirez le « # » pour la garder :
# languages:
#   crg: {en: Michif, fr: mitchif}
"""

TEMPLATES_README_FR = """\
# Ajouter une fiche

Chaque fiche est un fichier YAML dans `data/`, nommé d'après son identifiant (lettres minuscules,
chiffres, traits d'union) :

| Fiche | Où | Partir de |
|---|---|---|
| un organisme et ses services | `data/providers/<id>.yaml` | `cp templates/provider.yaml data/providers/<id>.yaml` |
| un centre (des organismes autour d'une population ou d'un domaine) | `data/hubs/<id>.yaml` | `cp templates/hub.yaml data/hubs/<id>.yaml` |
| le plan d'AT d'un client | `data/clients/<id>.yaml` | `cedta intake`, ou `cp templates/client.yaml data/clients/<id>.yaml` |

(Dans un clone tout neuf, lancez d'abord `mkdir -p data/providers data/hubs data/clients` : git ne
garde aucun dossier vide.)

Les fichiers des clients ne contiennent ni nom, ni téléphone, ni courriel, ni adresse, ni NAS : ces
renseignements vont dans `data/.private/`, que git ignore. Ne gardez rien d'autre dans les dossiers de
`data/` (ni notes, ni exportations) : git l'enregistrerait.

Les champs de chaque fiche sont décrits dans `schemas/<kind>.schema.json` : les éditeurs dotés du
serveur de langage YAML vérifient le fichier pendant la saisie. `cedta vocab` liste les termes
(sujets, modes, langues...) ; après une modification de `data/vocab.yaml`, lancez `cedta schema` pour
que les schémas connaissent les nouveaux termes. Ensuite, `cedta validate` vérifie tout et `cedta fmt`
réécrit les fichiers dans la mise en page canonique.
"""

def _records_of(template: str) -> str:
    """A template from its `id:` line on (the part that is the same in both languages)."""
    return template[template.index("\nid: ") + 1:]


TEMPLATES_FR = {
    "provider": """\
# yaml-language-server: $schema=../../schemas/provider.schema.json
# Un fournisseur (un organisme) et ses services. Copiez dans data/providers/<id>.yaml ; l'id est le
# nom du fichier. Les termes (topic, modes, levels...) viennent de `cedta vocab` ; tous les champs
# sont décrits dans schemas/provider.schema.json (`cedta schema` le réécrit après une modification
# de data/vocab.yaml).
""" + _records_of(TEMPLATES["provider"]),
    "hub": """\
# yaml-language-server: $schema=../../schemas/hub.schema.json
# Un centre : des organismes autour d'une population ou d'un domaine. Copiez dans
# data/hubs/<id>.yaml.
id: new-hub
name: {en: New hub, fr: Nouveau centre}
population: general
director: new-provider            # l'id d'un fournisseur ; inscrivez-le aussi parmi les membres
members: [new-provider]
coordinator: {name: Coordonnateur (à remplacer), org: new-provider}
forum_representatives:            # deux par centre la première année
  - {name: Représentant A (à remplacer), org: new-provider, since: 2026-01-01}
  - {name: Représentant B (à remplacer), org: new-provider, since: 2026-01-01}
""",
    "client": """\
# yaml-language-server: $schema=../../schemas/client.schema.json
# Le plan d'AT d'un client : besoins, étapes du plan dans l'ordre, contacts, résultats, évaluation.
# Copiez dans data/clients/<id>.yaml. AUCUN nom, téléphone, courriel, adresse ou NAS dans ce fichier :
# ces renseignements restent dans data/.private/ (ignoré par git).
""" + _records_of(TEMPLATES["client"]),
    "network": """\
# yaml-language-server: $schema=../schemas/network.schema.json
# Le réseau : Forum des centres, Table du leadership, seuils. Un exemple de chaque clé : data/network.yaml est celui du réseau (cedta init l'a écrit) ; copiez d'ici ce qui lui manque.
id: new-network
name: {en: New CED network, fr: Nouveau réseau DÉC}
fiscal_year_start_month: 4
stalled_after_days: 60            # aucun contact noté depuis ce nombre de jours : client au point mort
small_cell_threshold: 5           # les effectifs sous ce seuil sont masqués dans les rapports partagés
forum:
  meets: quarterly
  representatives_per_hub: 2
  extra_members: []
sectors: []
# Clés facultatives, montrées ici en commentaire (décommentez et remplissez ce que le réseau a) :
# leadership_table:               # validate avertit quand ses membres ou sa coprésidence ne sont pas comme indiqué
#   size: {min: 7, max: 9}
#   term_years: 3
#   members:
#     - {name: A. Membre (fictif), sector: voluntary, org: new-provider}
#   co_chairs: [A. Membre (fictif)]
# priorities:                     # lacunes que le Forum des centres a choisi de travailler : identifiants tels que `cedta gaps` les donne
#   - gap: coverage/francophones/marketing/advanced
#     date: 2026-06-18
#     decision: {en: Find an advanced marketing workshop in French., fr: Trouver un atelier de marketing avancé en français.}
#     owner: new-provider           # l'organisme qui la porte
# notes: {en: ..., fr: ...}
""",
    "vocab": """\
# yaml-language-server: $schema=../schemas/vocab.schema.json
# Les termes propres au réseau, ajoutés au vocabulaire intégré de cedta. Un exemple : data/vocab.yaml est celui du réseau (cedta init l'a écrit) ; copiez d'ici ce qui lui manque.
# Catégories : topics modes levels stages populations client_kinds org_types schedules times
# intakes fee_units outcome_kinds sectors regions languages.
topics:
  export-readiness:         # un nouveau terme : libellés anglais et français
    en: Export readiness
    fr: Préparation à l'exportation
    aliases: [Exportation]  # d'autres formulations qui renvoient à ce terme
  marketing:                # un terme intégré : des alias seuls ajoutent votre formulation
    aliases: [Marketing et promotion]
""",
}

PRE_COMMIT_FR = PRE_COMMIT.replace("""\
# pre-commit (https://pre-commit.com): `pip install pre-commit && pre-commit install`.
# Runs the cedta installed in this environment (cedta is not on a package index: install it from
# its git repository). To pin a version instead, point `repo:` at the cedta repository (it
# publishes .pre-commit-hooks.yaml) with `rev:` a tag or a commit of cedta, and drop `language`.
""", """\
# pre-commit (https://pre-commit.com) : `pip install pre-commit && pre-commit install`.
# Lance le cedta installé dans cet environnement (cedta n'est publié sur aucun index de paquets :
# installez-le depuis son dépôt git). Pour fixer plutôt une version, pointez `repo:` vers le dépôt
# de cedta (il publie .pre-commit-hooks.yaml), avec pour `rev:` une étiquette ou un commit de cedta,
# et retirez `language`.
""").replace("entry: cedta validate", "entry: cedta --lang fr validate").replace(
    "entry: cedta fmt --check", "entry: cedta --lang fr fmt --check")  # (messages in French: newcomer 15, N15-8)

def _installed(workflow: str) -> str:
    """The workflow as `init` installs it: without the sentence that says to copy it where it is
    (newcomer 13, N13-20)."""
    import re

    text = re.sub(r" ?(Copy to|Copiez dans) \.github/workflows/cedta\.yml \(`cedta init`[^)]*\)\.", "", workflow, flags=re.S)
    return "\n".join(line for line in text.split("\n") if line.strip() != "#")


_WORKFLOW_COMMENTS_FR = (
    ("""\
# Checks every pull request that touches the data and comments with what changed in the network.
# Copy to .github/workflows/cedta.yml (`cedta init` does it for a new repository).
""", """\
# Vérifie chaque demande de tirage (pull request) qui touche aux données et y publie en commentaire
# ce qui change dans le réseau. Copiez dans .github/workflows/cedta.yml (`cedta init` le fait pour un
# nouveau dépôt).
"""),
    ("# to post the comment (forks get a read-only token: the comment is skipped)",
     "# pour publier le commentaire (sans effet depuis une bifurcation : jeton en lecture seule)"),
    ("""\
  # SET THIS: where CI installs cedta from. cedta is not published on a package index, so this is
  # its git repository and a tag or commit (pin one, so that CI does not change under you), e.g.
""", """\
  # À RENSEIGNER : d'où l'intégration continue installe cedta. cedta n'est publié sur aucun index de
  # paquets : c'est donc son dépôt git, avec une étiquette ou un commit (fixez-en un, pour que la
  # vérification ne change pas à votre insu), par exemple :
"""),
    ("""\
  # The language of the pull request's comment and of the checks' messages: en or fr.
  CEDTA_LANG: en
""", """\
  # La langue du commentaire de la demande de tirage et des messages des vérifications : en ou fr.
  CEDTA_LANG: fr
"""),
    ("# the diff needs the base branch's history", "# le diff a besoin de l'historique de la branche de base"),
    ("# a comment GitHub refuses must not skip the checks below",
     "# un commentaire refusé par GitHub ne doit pas faire sauter les vérifications qui suivent"),
    ("::error::set CEDTA_PACKAGE in .github/workflows/cedta.yml (git URL, tag or commit)",
     "::error::renseignez CEDTA_PACKAGE dans .github/workflows/cedta.yml (URL git, étiquette ou commit)"),
)


def _workflow_fr() -> str:
    """The CI workflow with its comments (and its error for an unset CEDTA_PACKAGE) in French. A test
    checks that every English text of the table is still in WORKFLOW."""
    text = WORKFLOW
    for english, french in _WORKFLOW_COMMENTS_FR:
        text = text.replace(english, french)
    return text


def slug(text: str) -> str:
    """A record id from a name: lowercase ASCII letters, digits and hyphens."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    text = re.sub(r"[^a-z0-9]+", "-", text).strip("-")[:64].strip("-")
    return text or "network"


def _quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


NAME_LIMIT = 200  # characters of a network's name (a report's title, a page header)
ID_PATTERN = r"[a-z0-9][a-z0-9-]{0,63}"
# Characters a name cannot hold: control characters (a line break, a tab, ESC), line and paragraph
# separators, lone surrogates, unassigned and private code points, and the invisible marks that
# reorder text on screen (bidi embeddings, overrides and isolates) or hide at its start (BOM).
_HIDDEN = {"\u200e", "\u200f", "\ufeff", *map(chr, range(0x202A, 0x202F)), *map(chr, range(0x2066, 0x206A))}


def name_problem(text: str) -> tuple[str, dict] | None:
    """Why `text` cannot be a network's name, as (message code, parameters), or None."""
    if not text.strip():
        return "init-name-empty", {}
    from cedta.records.model import _NOT_IN_A_NAME

    for c in text:  # (what `validate` refuses in a name, too: init wrote a file it then refused, hostile 14, 4)
        if c in _HIDDEN or c in _NOT_IN_A_NAME or unicodedata.category(c) in ("Cc", "Cs", "Cn", "Co", "Zl", "Zp"):
            return "init-name-control", {"char": f"U+{ord(c):04X}"}
    if len(text.strip()) > NAME_LIMIT:
        return "init-name-long", {"count": len(text.strip()), "limit": NAME_LIMIT}
    return None


def _plain_or_quoted(text: str) -> str:
    """`text` plain when YAML 1.1 (cedta's reader) reads it back as that text and it starts with a
    letter, else double-quoted: an id `no`, `yes`, `12`, `0x1f`, `2026-11-26` or (to YAML 1.2 and
    `cedta fmt`) `1e3` would come back a boolean, a number or a date."""
    import yaml

    try:
        same = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)) == text
    except yaml.YAMLError:
        same = False
    return text if same and text[:1].isalpha() else _quoted(text)


_NETWORK_COMMENTS = {
    "en": ("""\
# The network: its forum, thresholds and leadership table (fields: schemas/network.schema.json,
# an example: templates/network.yaml).
""", "# no contact logged for this long: the client is stalled",
        "# counts below this are suppressed in shared reports"),
    "fr": ("""\
# Le réseau : son Forum des centres, ses seuils et sa Table du leadership (champs :
# schemas/network.schema.json ; un exemple : templates/network.yaml).
""", "# aucun contact noté depuis ce nombre de jours : client au point mort",
        "# les effectifs sous ce seuil sont masqués dans les rapports partagés"),
}


def network_yaml(network_id: str, name: str, name_fr: str | None = None, lang: str = "en") -> str:
    """data/network.yaml; `name` in English (and in French when `name_fr` is not given); comments in
    `lang`."""
    head, stalled, small = _NETWORK_COMMENTS["fr" if lang == "fr" else "en"]
    text = f"""\
# yaml-language-server: $schema=../schemas/network.schema.json
{head}id: {_plain_or_quoted(network_id)}
name: {{en: {_quoted(name.strip())}, fr: {_quoted((name_fr or name).strip())}}}
fiscal_year_start_month: 4
stalled_after_days: 60      {stalled}
small_cell_threshold: 5     {small}
forum:
  meets: quarterly
  representatives_per_hub: 2
"""
    # in the layout `cedta fmt --check` (the CI and pre-commit check init installs) expects: a long
    # name does not fit on one line (newcomer 14, N14-8)
    from cedta.review.fmt import format_text

    laid_out = format_text(text, "network")
    return laid_out.text if laid_out.problem is None else text


def schemas() -> dict[str, str]:
    """schemas/<kind>.schema.json for a new repository: what `cedta schema` writes there, with the
    built-in vocabulary (the new data/vocab.yaml adds no term yet)."""
    import json

    import yaml

    from cedta.records import model
    from cedta.records.vocab import builtin

    vocab = builtin()
    vocab.extend(yaml.safe_load(VOCAB) or {})
    terms = vocab.ids()
    return {f"schemas/{kind}.schema.json":
            json.dumps(model.json_schema(kind, terms), ensure_ascii=False, indent=2) + "\n"
            for kind in model.KINDS}


def files(network_id: str, name: str, name_fr: str | None = None, lang: str = "en") -> dict[str, str]:
    """Path inside the new repository → text, for every file `cedta init` writes (`.gitignore`
    is merged into one that exists: `gitignore_merged`). Comments and the templates' guide are in
    `lang` (en or fr); keys, ids and values are the same in both."""
    fr = lang == "fr"
    out = {
        ".gitignore": GITIGNORE_FR if fr else GITIGNORE,
        ".pre-commit-config.yaml": PRE_COMMIT_FR if fr else PRE_COMMIT,
        ".github/workflows/cedta.yml": _installed(_workflow_fr() if fr else WORKFLOW),
        "data/network.yaml": network_yaml(network_id, name, name_fr, lang),
        "data/vocab.yaml": VOCAB_FR if fr else VOCAB,
    }
    out["templates/README.md"] = TEMPLATES_README_FR if fr else TEMPLATES_README
    out.update(schemas())
    for kind, text in (TEMPLATES_FR if fr else TEMPLATES).items():
        out[f"templates/{kind}.yaml"] = text
    return out


# The record folders: created empty (records go there; git keeps them once a record is committed).
FOLDERS = ("data/providers", "data/hubs", "data/clients")


def gitignore_merged(existing: bytes, lang: str = "en") -> tuple[bytes, list[str]]:
    """An existing .gitignore (a repository made on GitHub with a template) with the lines cedta needs
    appended (their comment in `lang`), and those lines; nothing added when it has them all. Keeps
    its line ends."""
    have = {line.strip() for line in existing.decode("utf-8", "replace").splitlines()}
    missing = [line for line in GITIGNORE_NEEDED if line not in have]
    if not missing:
        return existing, []
    end = b"\r\n" if b"\r\n" in existing else b"\n"
    comment = ("# cedta : les identifiants directs des clients (data/.private/) jamais dans git ; verrous ; "
               "restes" if lang == "fr" else
               "# cedta: direct identifiers of clients (data/.private/) never in git; locks; leftovers")
    text = [comment, *missing]
    head = existing if not existing or existing.endswith(b"\n") else existing + end
    return head + (end if head else b"") + end.join(t.encode("utf-8") for t in text) + end, missing


def data_markers(folder) -> list[str]:
    """What makes `folder` a cedta data directory (network.yaml, vocab.yaml, providers/, hubs/,
    clients/), as names; empty when it is not one."""
    from cedta.io.store import FOLDERS as RECORD_FOLDERS, SINGLE_FILES

    found = []
    for name in (*SINGLE_FILES, *RECORD_FOLDERS):
        try:
            if (folder / name).exists():
                found.append(name + ("/" if name in RECORD_FOLDERS else ""))
        except OSError:
            pass
    return found


def data_directory_around(folder):
    """The data directory `folder` is in (itself excluded), or None. A folder above counts when it
    has network.yaml, or data/.private, or two of providers/, hubs/, clients/: one folder named
    `clients` in a home directory is not a network."""
    from cedta.io.store import PRIVATE_DIR

    for above in folder.parents:
        markers = data_markers(above)
        try:
            private = (above / PRIVATE_DIR).is_dir()
        except OSError:
            private = False
        if "network.yaml" in markers or private or sum(m.endswith("/") for m in markers) >= 2:
            return above
    return None
