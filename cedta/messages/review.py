"""Messages of the review commands added after the foundation (`cedta diff`, `cedta init`), in English and French."""

MESSAGES: dict[str, tuple[str, str]] = {
    # an entry whose only change is its free-text note
    "diff-languages-not-stated": ("languages now recorded as not stated (matching asks)",
                                  "langues désormais non précisées (l'appariement demande)"),
    "diff-needs-notes": ("{count} needs' notes changed", "notes de {count} besoins modifiées"),
    "diff-needs-notes/1": ("{count} need's note changed", "note de {count} besoin modifiée"),
    "diff-needs-priorities": ("{count} needs' priority changed", "priorité changée pour {count} besoins"),
    "diff-needs-priorities/1": ("{count} need's priority changed", "priorité changée pour {count} besoin"),
    "diff-contacts-notes": ("{count} contacts' notes changed", "notes de {count} contacts modifiées"),
    "diff-contacts-notes/1": ("{count} contact's note changed", "note de {count} contact modifiée"),
    "diff-outcomes-notes": ("{count} outcomes' notes changed", "notes de {count} résultats modifiées"),
    "diff-outcomes-notes/1": ("{count} outcome's note changed", "note de {count} résultat modifiée"),
    "diff-evaluations-notes": ("{count} evaluations' notes changed", "notes de {count} évaluations modifiées"),
    "diff-evaluations-notes/1": ("{count} evaluation's notes changed", "notes de {count} évaluation modifiées"),
    # a financing offer whose amount the source does not state, and how often it is paid
    "financing-not-stated": ("(amount not stated)", "(montant non précisé)"),
    "financing-per-week": ("a week", "par semaine"),
    "financing-per-month": ("a month", "par mois"),
    "financing-per-year": ("a year", "par année"),
    "schema-out-in-data": ("{path} is inside the data folder {data}: write schemas elsewhere (there they would be read as stray files and committed with the records)",
                           "{path} est dans le dossier de données {data} : écrivez les schémas ailleurs (ils y seraient lus comme des fichiers égarés et versés avec les dossiers)"),
    "progress-load": ("reading the records", "lecture des dossiers"),
    # diff: changed files that are not records (listed, never read)
    "diff-other-added": ("{path}: new file, not a record", "{path} : nouveau fichier, pas un enregistrement"),
    "diff-other-removed": ("{path}: removed, not a record", "{path} : retiré, pas un enregistrement"),
    "diff-other-changed": ("{path}: changed, not a record", "{path} : modifié, pas un enregistrement"),
    "diff-other-renamed": ("{path}: renamed, not a record", "{path} : renommé, pas un enregistrement"),
    "diff-count-others": ("{count} other files", "{count} autres fichiers"),
    "diff-count-others/1": ("{count} other file", "{count} autre fichier"),
    # cedta init: where it refuses to write
    "init-is-data": ("{path} is already a cedta data directory (it has {markers}): cedta init starts a new "
                     "network in a new or empty folder (nothing was written); to check this one: "
                     "cedta --data {path} validate",
                     "{path} est déjà un dossier de données cedta (il contient {markers}) : cedta init crée "
                     "un nouveau réseau dans un dossier neuf ou vide (rien n’a été écrit) ; pour vérifier "
                     "celui-ci : cedta --data {path} validate"),
    "init-has-network": ("{path} already holds a network: {data} has {markers} (nothing was written); "
                         "to check it: cedta --data {data} validate",
                         "{path} contient déjà un réseau : {data} contient {markers} (rien n’a été écrit) ; "
                         "pour le vérifier : cedta --data {data} validate"),
    "init-inside-data": ("{path} is inside the data directory {data}: a new network goes in a folder of "
                         "its own, outside it (nothing was written)",
                         "{path} est dans le dossier de données {data} : un nouveau réseau va dans un dossier "
                         "à lui, hors de celui-ci (rien n’a été écrit)"),
    "init-inside-repo": ("{path} is inside the git repository {repo}: cedta init would not run git init, and "
                         "the CI workflow and pre-commit configuration it writes only work at a repository's "
                         "root (nothing was written). Choose a folder outside {repo}, or add --git (a "
                         "repository of its own inside that one) or --no-git (only the files, as a folder "
                         "of {repo})",
                         "{path} est dans le dépôt git {repo} : cedta init n’y lancerait pas git init, et la "
                         "configuration de CI et de pre-commit qu’il écrit ne fonctionne qu’à la racine "
                         "d’un dépôt (rien n’a été écrit). Choisissez un dossier hors de {repo}, ou ajoutez "
                         "--git (un dépôt distinct à l’intérieur de celui-ci) ou --no-git (les fichiers "
                         "seulement, comme un dossier de {repo})"),
    "init-nested-files": ("{path} is a folder of the git repository {repo}: .github/workflows/cedta.yml and "
                          ".pre-commit-config.yaml only work once moved to that repository's root",
                          "{path} est un dossier du dépôt git {repo} : .github/workflows/cedta.yml et "
                          ".pre-commit-config.yaml ne fonctionnent qu’une fois déplacés à la racine de ce dépôt"),
    "init-nested-git": ("{path} is a git repository of its own inside {repo}, which will list it as an "
                        "untracked folder",
                        "{path} est un dépôt git distinct à l’intérieur de {repo}, qui le verra comme un "
                        "dossier non suivi"),
    "init-gitignore-added": ("added to the existing {path}: {lines}", "ajouté au fichier existant {path} : {lines}"),
    "init-gitignore-kept": ("{path} already has the lines cedta needs", "{path} a déjà les lignes dont cedta a besoin"),
    "init-gitignore-not-file": ("{path} exists and is not a regular file (nothing was written)",
                                "{path} existe et n’est pas un fichier ordinaire (rien n’a été écrit)"),
    # cedta init: the values of --name, --name-fr and --id
    "init-name-empty": ("the name is empty", "le nom est vide"),
    "init-name-control": ("the name holds an invisible or control character ({char}): type it on one line, "
                          "as it should be shown",
                          "le nom contient un caractère invisible ou de contrôle ({char}) : tapez-le sur une "
                          "ligne, tel qu’il doit s’afficher"),
    "init-name-long": ("the name has {count} characters; at most {limit}", "le nom a {count} caractères ; {limit} au plus"),
    "init-id-bad": ("`{value}` is not an id: lowercase letters, digits and hyphens, starting with a letter or "
                    "a digit, at most 64",
                    "« {value} » n’est pas un identifiant : lettres minuscules, chiffres et traits d’union, "
                    "en commençant par une lettre ou un chiffre, 64 au plus"),
    "init-id-empty": ("the id is empty (leave --id out to make one from the name)",
                      "l’identifiant est vide (omettez --id pour le tirer du nom)"),
    "init-next-name": ("the network's name, {name}, is the same in English and French (name.en and "
                       "name.fr in {path}): edit the one that differs, or start with --name (English) and "
                       "--name-fr (French)",
                       "le nom du réseau, « {name} », est le même en anglais et en français (name.en et "
                       "name.fr dans {path}) : modifiez celui qui diffère, ou commencez avec --name (anglais) "
                       "et --name-fr (français)"),
    "diff-step-note": ("note of step {step} changed", "note de l'étape {step} modifiée"),
}
