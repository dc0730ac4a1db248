"""The text of every diagnostic and I/O message, in English and French, keyed by code."""

from __future__ import annotations

from typing import Any

MESSAGES: dict[str, tuple[str, str]] = {
    # reading a file
    "file-too-large": ("file is {size} bytes, over the {limit}-byte limit for a record",
                       "le fichier fait {size} octets, au-delà de la limite de {limit} octets"),
    "bom": ("file starts with a byte-order mark (BOM); save it as UTF-8 without BOM",
            "le fichier commence par une marque d'ordre des octets (BOM) ; enregistrez-le en UTF-8 sans BOM"),
    "binary-file": ("file holds NUL bytes: not a text file", "le fichier contient des octets NUL : ce n'est pas un fichier texte"),
    "not-utf8": ("file is not valid UTF-8 here; save it as UTF-8",
                 "le fichier n'est pas en UTF-8 valide à cet endroit ; enregistrez-le en UTF-8"),
    "conflict-marker": ("git conflict marker left in the file; resolve the merge first",
                        "marqueur de conflit git laissé dans le fichier ; terminez d'abord la fusion"),
    "tab-indent": ("tab used for indentation; YAML needs spaces",
                   "tabulation utilisée pour l'indentation ; YAML exige des espaces"),
    "yaml-syntax": ("YAML syntax error: {problem}", "erreur de syntaxe YAML : {problem}"),
    "several-documents": ("several YAML documents in one file; keep one record per file",
                          "plusieurs documents YAML dans un fichier ; un seul enregistrement par fichier"),
    "alias": ("YAML aliases (*name) are not allowed in cedta files; write the value out",
              "les alias YAML (*nom) ne sont pas permis ; écrivez la valeur en toutes lettres"),
    "anchor": ("YAML anchors (&{anchor}) are not allowed in cedta files",
               "les ancres YAML (&{anchor}) ne sont pas permises"),
    "custom-tag": ("YAML tag {tag} is not allowed in cedta files", "l'étiquette YAML {tag} n'est pas permise"),
    "key-not-text": ("key `{text}` is not read as text (YAML 1.1 reads it as a boolean or number); quote it: '{text}'",
                     "la clé « {text} » n'est pas lue comme du texte (YAML 1.1 la lit comme booléen ou nombre) ; mettez-la entre guillemets : '{text}'"),
    "complex-key": ("a key must be plain text, not a list or mapping",
                    "une clé doit être du texte simple, pas une liste ni un dictionnaire"),
    "duplicate-key": ("duplicate key `{key}` (first on line {first}); YAML would silently keep the last one",
                      "clé « {key} » en double (d'abord à la ligne {first}) ; YAML garderait la dernière sans rien dire"),
    "empty-file": ("file is empty: a record is expected", "le fichier est vide : un enregistrement est attendu"),
    "bad-date": ("`{text}` looks like a date but is not a valid one", "« {text} » ressemble à une date mais n'est pas valide"),
    "bad-scalar": ("value `{text}` cannot be read", "la valeur « {text} » est illisible"),
    "symlink-outside": ("symbolic link leads outside the data directory; refused",
                        "le lien symbolique mène hors du répertoire de données ; refusé"),
    "not-a-file": ("not a regular file", "ce n'est pas un fichier ordinaire"),
    "unreadable": ("cannot read file: {reason}", "lecture impossible : {reason}"),
    "stray-file": ("file `{name}` is not read by cedta (records end in .yaml)",
                   "le fichier « {name} » n'est pas lu par cedta (les enregistrements finissent par .yaml)"),
    # schema
    "not-a-mapping": ("a {kind} record is a mapping of keys, not {got}",
                      "un enregistrement {kind} est un dictionnaire de clés, pas {got}"),
    "identifier-in-client": ("`{key}` is a direct identifier and does not belong in a client file; keep it in data/.private/",
                             "« {key} » est un identifiant direct et n'a pas sa place dans un fichier client ; gardez-le dans data/.private/"),
    "identifier-in-note": ("this note looks like it holds a {what}; direct identifiers do not belong in client files",
                           "cette note semble contenir un {what} ; les identifiants directs n'ont pas leur place dans un fichier client"),
    "bad-file-name": ("file name `{name}` is not an id: use lowercase letters, digits and hyphens",
                      "le nom de fichier « {name} » n'est pas un identifiant : minuscules, chiffres et traits d'union"),
    "id-mismatch": ("id `{id}` does not match the file name `{name}`",
                    "l'identifiant « {id} » ne correspond pas au nom de fichier « {name} »"),
    "unknown-key": ("unknown key `{key}`", "clé inconnue « {key} »"),
    "missing-key": ("missing required key `{key}`", "clé obligatoire manquante « {key} »"),
    "yaml11-surprise": ("`{text}` is read as {read_as} (YAML 1.1); quote it: '{text}'",
                        "« {text} » est lu comme {read_as} (YAML 1.1) ; mettez-le entre guillemets : '{text}'"),
    "not-allowed": ("`{value}` is not allowed here; expected one of: {expected}",
                    "« {value} » n'est pas permis ici ; valeurs possibles : {expected}"),
    "bad-id": ("`{value}` is not a valid id for `{key}`: use lowercase letters, digits and hyphens",
               "« {value} » n'est pas un identifiant valide pour « {key} » : minuscules, chiffres et traits d'union"),
    "bad-service-ref": ("`{value}` is not a service reference: write provider/service",
                        "« {value} » n'est pas une référence de service : écrivez fournisseur/service"),
    "wrong-type": ("`{key}` should be {expected}, not {got}", "« {key} » devrait être {expected}, pas {got}"),
    "invalid": ("`{key}`: {detail}", "« {key} » : {detail}"),
    # references
    "unknown-term": ("unknown {category} term `{term}`", "terme inconnu « {term} » ({category})"),
    "vocab-redefines": ("data/vocab.yaml redefines the built-in {category} term `{term}`",
                        "data/vocab.yaml redéfinit le terme intégré « {term} » ({category})"),
    "unknown-provider": ("unknown provider `{org}`", "fournisseur inconnu « {org} »"),
    "unknown-service": ("unknown service `{service}`", "service inconnu « {service} »"),
    "unknown-hub": ("unknown hub `{hub}`", "centre inconnu « {hub} »"),
    "no-network": ("no network.yaml: the forum, thresholds and leadership table take default values",
                   "pas de network.yaml : le forum, les seuils et la table de leadership prennent les valeurs par défaut"),
    "duplicate-service": ("service id `{service}` used twice in this provider (first on line {first})",
                          "identifiant de service « {service} » utilisé deux fois (d'abord à la ligne {first})"),
    "level-range": ("level range goes backwards: from {start} to {end}",
                    "l'éventail de niveaux est inversé : de {start} à {end}"),
    "dates-reversed": ("end date {end} is before start date {start}", "la date de fin {end} précède la date de début {start}"),
    # the report's rules (warnings)
    "leadership-size": ("the leadership table has {count} members; the plan calls for {min} to {max} (§9)",
                        "la table de leadership compte {count} membres ; le plan en prévoit de {min} à {max} (§9)"),
    "co-chairs": ("the leadership table has {count} co-chairs; the plan calls for two (§9)",
                  "la table de leadership a {count} coprésident(e)s ; le plan en prévoit deux (§9)"),
    "co-chair-not-member": ("co-chair `{name}` is not among the table's members",
                            "« {name} » est coprésident(e) mais pas membre de la table"),
    "service-ended": ("service {service} ended on {until}", "le service {service} a pris fin le {until}"),
    "director-not-member": ("hub director `{director}` is not among the hub's members",
                            "l'organisme directeur « {director} » n'est pas membre du centre"),
    "forum-seats": ("{count} current forum representative(s); the forum expects {wanted} per hub (§9)",
                    "{count} représentant(e)(s) actuel(le)s au forum ; le forum en attend {wanted} par centre (§9)"),
    "representative-moved": ("forum representative {name} now stands for `{org}` but stood for `{before}` ({where}); representatives do not move between organisations (§9)",
                             "{name} représente maintenant « {org} » mais représentait « {before} » ({where}) ; un représentant ne change pas d'organisme (§9)"),
    "future-date": ("date {date} is in the future (today is {today})", "la date {date} est dans le futur (nous sommes le {today})"),
    "step-topic-mismatch": ("plan step on `{topic}` uses {service}, which offers `{offers}`",
                            "l'étape du plan sur « {topic} » utilise {service}, qui offre « {offers} »"),
    "done-without-date": ("step is done but has no `done:` date", "l'étape est terminée mais n'a pas de date « done: »"),
    "contact-org-mismatch": ("contact with `{org}` names a service of another provider: {service}",
                             "le contact avec « {org} » nomme un service d'un autre fournisseur : {service}"),
    "contact-before-intake": ("contact on {date} is before intake on {intake}",
                              "le contact du {date} précède l'accueil du {intake}"),
    "consent-withdrawn-open-plan": ("consent withdrawn but {count} plan step(s) are still planned or active",
                                    "consentement retiré mais {count} étape(s) du plan restent prévues ou actives"),
    # I/O and usage (not tied to a line)
    "no-data-dir": ("data directory {path} does not exist (set --data or CEDTA_DATA)",
                    "le répertoire de données {path} n'existe pas (utilisez --data ou CEDTA_DATA)"),
    "data-not-dir": ("{path} is not a directory", "{path} n'est pas un répertoire"),
    "outside-data": ("{path} is outside the data directory {root}", "{path} est hors du répertoire de données {root}"),
    "not-a-record": ("{path} is not a record file (network.yaml, vocab.yaml, providers/, hubs/ or clients/*.yaml)",
                     "{path} n'est pas un fichier d'enregistrement (network.yaml, vocab.yaml, providers/, hubs/ ou clients/*.yaml)"),
    "no-such-path": ("{path}: no such file or directory", "{path} : fichier ou répertoire introuvable"),
    "locked": ("{path} is locked by another cedta; try again", "{path} est verrouillé par un autre cedta ; réessayez"),
    "write-failed": ("cannot write {path}: {reason}", "écriture impossible dans {path} : {reason}"),
    # ---- review commands (fmt, diff, init) ----
    "fmt-unsafe": ("cedta fmt could not lay this file out without changing its data; left as is",
                   "cedta fmt ne peut pas mettre ce fichier en forme sans en changer les données ; laissé tel quel"),
    "fmt-done": ("{changed} file(s) reformatted, {unchanged} already in the canonical layout, {failed} not readable",
                 "{changed} fichier(s) remis en forme, {unchanged} déjà dans la forme canonique, {failed} illisible(s)"),
    "fmt-check": ("{changed} file(s) would be reformatted, {unchanged} already in the canonical layout, {failed} not readable",
                  "{changed} fichier(s) seraient remis en forme, {unchanged} déjà dans la forme canonique, {failed} illisible(s)"),
}

HINTS = {
    "en": {"suggestion": "did you mean `{suggestion}`?"},
    "fr": {"suggestion": "vouliez-vous dire « {suggestion} » ?"},
}


class _Safe(dict):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def render_message(code: str, params: dict[str, Any], lang: str = "en") -> str:
    en, fr = MESSAGES.get(code, (code + ": {detail}", code + " : {detail}"))
    template = fr if lang == "fr" else en
    text = template.format_map(_Safe({k: v for k, v in params.items()}))
    if params.get("suggestion"):
        text += " (" + HINTS["fr" if lang == "fr" else "en"]["suggestion"].format(
            suggestion=params["suggestion"]) + ")"
    return text
