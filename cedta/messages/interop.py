"""Messages of the interop stage, in English and French, keyed by code."""

MESSAGES: dict[str, tuple[str, str]] = {
    # output places
    "out-not-dir": ("{path} is a file, not a folder", "{path} est un fichier, pas un dossier"),
    "out-is-dir": ("{path} is a folder; give a file name", "{path} est un dossier ; indiquez un nom de fichier"),
    "export-invalid": ("the data directory has {count} errors; fix them (cedta validate) before exporting",
                       "le répertoire de données contient {count} erreurs ; corrigez-les (cedta validate) avant d'exporter"),
    "export-invalid/1": ("the data directory has 1 error; fix it (cedta validate) before exporting",
                         "le répertoire de données contient 1 erreur ; corrigez-la (cedta validate) avant d'exporter"),
    "export-hsds-done": ("wrote {path}: {count} organisations, {services} services (HSDS 3.0)",
                         "écrit {path} : {count} organismes, {services} services (HSDS 3.0)"),
    "export-hsds-done/1": ("wrote {path}: 1 organisation, {services} services (HSDS 3.0)",
                           "écrit {path} : 1 organisme, {services} services (HSDS 3.0)"),
}
MESSAGES.update({
    # reading an input file
    "input-unreadable": ("cannot read {path}: {reason}", "lecture impossible de {path} : {reason}"),
    "input-binary": ("{where}:{row}: the file holds NUL bytes: not a text file",
                     "{where}:{row} : le fichier contient des octets NUL : ce n'est pas un fichier texte"),
    "input-not-utf8": ("{where}:{row}:{column}: byte {byte} is not UTF-8 (a Windows-1252 or Latin-1 file?); "
                       "save it as \"CSV UTF-8\"",
                       "{where}:{row}:{column} : l'octet {byte} n'est pas de l'UTF-8 (un fichier Windows-1252 ou "
                       "Latin-1 ?) ; enregistrez-le en « CSV UTF-8 »"),
    "input-csv": ("{where}:{row}: CSV cannot be read: {problem}", "{where}:{row} : CSV illisible : {problem}"),
    "input-too-many-cells": ("{where}:{row}: {count} cells for {columns} columns",
                             "{where}:{row} : {count} cellules pour {columns} colonnes"),
    # HSDS packages
    "hsds-no-descriptor": ("no datapackage.json at {path}", "pas de datapackage.json à {path}"),
    "hsds-bad-json": ("{path}:{row}:{column}: not valid JSON: {problem}", "{path}:{row}:{column} : JSON invalide : {problem}"),
    "hsds-no-resources": ("{path} lists no resources (tables)", "{path} ne liste aucune ressource (table)"),
    "hsds-bad-path": ("table {table}: path {path} leaves the package's folder", "table {table} : le chemin {path} sort du dossier du paquet"),
    "hsds-missing-file": ("table {table}: file {path} is missing", "table {table} : le fichier {path} est absent"),
    "hsds-missing-table": ("the package has no {table} table (required)", "le paquet n'a pas de table {table} (obligatoire)"),
    "hsds-missing-column": ("{where}: column {column} is missing (required)", "{where} : la colonne {column} est absente (obligatoire)"),
    "hsds-missing-value": ("empty, but required", "vide, mais obligatoire"),
    "hsds-duplicate-id": ("id {value} already used on row {first}", "identifiant {value} déjà utilisé à la ligne {first}"),
    "hsds-no-organization": ("organization {value} is not in the organization table",
                             "l'organisme {value} n'est pas dans la table organization"),
    "hsds-no-service": ("service {value} is not in the service table", "le service {value} n'est pas dans la table service"),
    "hsds-no-term": ("taxonomy term {value} is not in the taxonomy_term table",
                     "le terme {value} n'est pas dans la table taxonomy_term"),
    "hsds-bad-value": ("value is not the JSON cedta writes: {value}", "la valeur n'est pas le JSON qu'écrit cedta : {value}"),
    "hsds-unmapped-term": ("term `{value}` matches no term of the vocabulary (add it or an alias in data/vocab.yaml); left out",
                           "le terme « {value} » ne correspond à aucun terme du vocabulaire (ajoutez-le ou un alias dans data/vocab.yaml) ; laissé de côté"),
    "hsds-unmapped-language": ("language `{value}` is not in the vocabulary; left out",
                               "la langue « {value} » n'est pas dans le vocabulaire ; laissée de côté"),
    "hsds-service-left-out": ("service `{value}` left out: no {missing} could be mapped",
                              "service « {value} » laissé de côté : aucun {missing} n'a pu être associé"),
    "hsds-second-topic": ("second topic `{value}` left out: a cedta service has one topic ({topic})",
                          "second sujet « {value} » laissé de côté : un service cedta a un seul sujet ({topic})"),
    "hsds-cost-no-amount": ("cost option without an amount left out: {value}",
                            "option de coût sans montant laissée de côté : {value}"),
    # imports
    "import-blocked": ("{count} problems in the input; nothing written", "{count} problèmes dans le fichier ; rien n'a été écrit"),
    "import-blocked/1": ("1 problem in the input; nothing written", "1 problème dans le fichier ; rien n'a été écrit"),
    "import-invalid": ("the imported records would have {count} errors; nothing written",
                       "les enregistrements importés auraient {count} erreurs ; rien n'a été écrit"),
    "import-invalid/1": ("the imported records would have 1 error; nothing written",
                         "les enregistrements importés auraient 1 erreur ; rien n'a été écrit"),
    "import-dry-run": ("dry run: {count} provider files would be written; nothing written",
                       "essai : {count} fichiers de fournisseurs seraient écrits ; rien n'a été écrit"),
    "import-dry-run/1": ("dry run: 1 provider file would be written; nothing written",
                         "essai : 1 fichier de fournisseur serait écrit ; rien n'a été écrit"),
    "import-done": ("wrote {count} provider files ({services} services)",
                    "écrit {count} fichiers de fournisseurs ({services} services)"),
    "import-done/1": ("wrote 1 provider file ({services} services)", "écrit 1 fichier de fournisseur ({services} services)"),
    "import-left-out": ("{count} values or rows could not be mapped and were left out (listed above)",
                        "{count} valeurs ou lignes n'ont pu être associées et ont été laissées de côté (voir ci-dessus)"),
    "import-left-out/1": ("1 value or row could not be mapped and was left out (listed above)",
                          "1 valeur ou ligne n'a pu être associée et a été laissée de côté (voir ci-dessus)"),
})
MESSAGES.update({
    "export-sqlite-done": ("wrote {path}: {providers} providers, {count} services; client facts without "
                           "identifiers, counts under {threshold} suppressed",
                           "écrit {path} : {providers} fournisseurs, {count} services ; faits sur la clientèle "
                           "sans identifiant, effectifs sous {threshold} supprimés"),
})
