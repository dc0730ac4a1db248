"""Messages of the interop stage, in English and French, keyed by code."""

MESSAGES: dict[str, tuple[str, str]] = {
    # output places
    "out-not-dir": ("{path} is a file, not a folder", "{path} est un fichier, pas un dossier"),
    "input-not-file": ("{path} is not a file (a pipe, a device?): save the sheet to a file and give its name",
                       "{path} n'est pas un fichier (un tube, un périphérique ?) : enregistrez la feuille dans un fichier et donnez son nom"),
    "input-unreadable": ("cannot read {path}: {reason}", "lecture impossible de {path} : {reason}"),
    "input-not-package": ("{path} is neither a file nor a folder (a pipe, a device?): give the HSDS package's folder, or its datapackage.json or services.json",
                          "{path} n'est ni un fichier ni un dossier (un tube, un périphérique ?) : donnez le dossier du paquet HSDS, ou son datapackage.json ou son services.json"),
    "out-dash-package": ("an HSDS package is a folder of files: give a folder, not standard output (`-`)",
                         "un paquet HSDS est un dossier de fichiers : indiquez un dossier, pas la sortie standard (« - »)"),
    "out-dash-database": ("a database cannot be written to standard output (`-`); give a file name",
                          "une base de données ne peut pas être écrite sur la sortie standard (« - ») ; indiquez un nom de fichier"),
    "out-binary-terminal": ("an XLSX file is not text: redirect standard output (`> services.xlsx`) or give a file name",
                            "un fichier XLSX n'est pas du texte : redirigez la sortie standard (« > services.xlsx ») ou indiquez un nom de fichier"),
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
    "input-too-large": ("{where}:{row}: too large for an input file (a line over {line_limit} bytes, or over {limit} bytes in all): is it the right file?",
                        "{where}:{row} : trop grand pour un fichier d'entrée (une ligne de plus de {line_limit} octets, ou plus de {limit} octets en tout) : est-ce le bon fichier ?"),
    "export-hsds-not-a-package": ("{path} holds {files} but no datapackage.json: it is no earlier export, and those files would be replaced; give a new or empty folder",
                                  "{path} contient {files} mais pas de datapackage.json : ce n'est pas une exportation précédente, et ces fichiers seraient remplacés ; donnez un dossier nouveau ou vide"),
    "export-hsds-theirs": ("{path} holds a data package cedta did not write (another tool's export?): its tables would be replaced and the rest left pointing at what is gone; give a new or empty folder (nothing was written)",
                           "{path} contient un paquet de données que cedta n’a pas écrit (l’exportation d’un autre outil ?) : ses tables seraient remplacées et le reste pointerait vers ce qui a disparu ; donnez un dossier nouveau ou vide (rien n’a été écrit)"),
    "input-csv-open-quote": ("{where}:{row}: a quote opened on this row is never closed: the rest of the file would be one cell (close it, or double a quote meant as text: \"\"); nothing written",
                             "{where}:{row} : un guillemet ouvert sur cette ligne n’est jamais fermé : tout le reste du fichier ne serait qu’une cellule (fermez-le, ou doublez un guillemet voulu : \"\") ; rien n’a été écrit"),
    "input-csv-stray-quote": ("{where}:{row}: a quote inside a quoted cell must be doubled (\"\"); nothing written",
                              "{where}:{row} : un guillemet à l’intérieur d’une cellule entre guillemets doit être doublé (\"\") ; rien n’a été écrit"),
    "input-utf16": ("{where}: the file is {encoding} (Excel's \"Unicode Text\", Notepad's \"Unicode\"): save it as \"CSV UTF-8\" (or UTF-8 in Notepad)",
                    "{where} : le fichier est en {encoding} (« Texte Unicode » d'Excel, « Unicode » du Bloc-notes) : enregistrez-le en « CSV UTF-8 » (ou en UTF-8 dans le Bloc-notes)"),
    "input-binary": ("{where}:{row}: the file holds NUL bytes: not a text file",
                     "{where}:{row} : le fichier contient des octets NUL : ce n'est pas un fichier texte"),
    "input-not-utf8": ("{where}:{row}:{column}: byte {byte} is not UTF-8 (a Windows-1252 or Latin-1 file?); "
                       "save it as \"CSV UTF-8\"",
                       "{where}:{row}:{column} : l'octet {byte} n'est pas de l'UTF-8 (un fichier Windows-1252 ou "
                       "Latin-1 ?) ; enregistrez-le en « CSV UTF-8 »"),
    "input-cell-too-large": ("{where}:{row}: a cell is over {limit} characters; is this a list of services?",
                             "{where}:{row} : une cellule compte plus de {limit} caractères ; est-ce bien une liste de services ?"),
    "sheet-text-named-xlsx": ("{path} is not an XLSX workbook, nor a list of services in CSV",
                              "{path} n'est ni un classeur XLSX, ni une liste de services en CSV"),
    "import-more-problems": ("... and {count} more, not shown (the same kinds, further down the file)",
                             "... et {count} autres, non affichés (des mêmes sortes, plus loin dans le fichier)"),
    "export-inside-data": ("{path} is inside the data directory {data}; write exports elsewhere (there they would be "
                           "taken for records and committed with them)",
                           "{path} est dans le répertoire de données {data} ; écrivez les exports ailleurs (là, ils "
                           "seraient pris pour des enregistrements et versés avec eux)"),
    "sheet-old-xls": ("{path} is an old Excel workbook (.xls); save it as .xlsx (or as CSV UTF-8) and import that",
                      "{path} est un ancien classeur Excel (.xls) ; enregistrez-le en .xlsx (ou en CSV UTF-8) et importez celui-là"),
    "input-csv": ("{where}:{row}: CSV cannot be read: {detail}", "{where}:{row} : CSV illisible : {detail}"),
    "input-csv-cr": ("{where}:{row}: a line ends with a carriage return alone (a \"CSV (Macintosh)\" file?); "
                     "save it as \"CSV UTF-8\"",
                     "{where}:{row} : une ligne se termine par un retour chariot seul (un fichier « CSV (Macintosh) » ?) ; "
                     "enregistrez-le en « CSV UTF-8 »"),
    "sheet-too-large": ("{path} unpacks to {size} MB, over the {limit} MB an import reads: is it the right file?",
                        "{path} occupe {size} Mo une fois décompressé, plus que les {limit} Mo qu'un import lit : est-ce le bon fichier ?"),
    "input-too-many-cells": ("{where}:{row}: {count} cells for {columns} columns",
                             "{where}:{row} : {count} cellules pour {columns} colonnes"),
    # HSDS packages
    "hsds-bad-labels": ("a term's labels hold `{field}` of the wrong kind (`en` and `fr` are texts; `aliases`, `speaks` and `part_of` are lists of texts): {value}",
                        "les libellés d’un terme ont un « {field} » du mauvais type (« en » et « fr » sont des textes ; « aliases », « speaks » et « part_of » des listes de textes) : {value}"),
    "hsds-would-replace": ("this organisation has no cedta id and its name gives `{id}`, a provider of the network: it would replace that record whole (its services, its French name, its notes); rename it in the package, or import into an empty data directory",
                           "cet organisme n’a pas d’identifiant cedta et son nom donne « {id} », un fournisseur du réseau : il remplacerait cette fiche entière (ses services, son nom français, ses notes) ; renommez-le dans le paquet, ou importez dans un dossier de données vide"),
    "hsds-no-descriptor": ("no datapackage.json at {path}", "pas de datapackage.json à {path}"),
    "hsds-not-regular": ("{path} is not a regular file (a folder, a pipe, a device or a broken link): cedta reads an HSDS package from regular files only",
                         "{path} n’est pas un fichier ordinaire (un dossier, un tube, un périphérique ou un lien brisé) : cedta ne lit un paquet HSDS que dans des fichiers ordinaires"),
    "hsds-json-not-read": ("{path} is HSDS JSON (services.json); import reads the tabular package: export it with "
                           "`cedta export hsds --out DIR` (CSV, the default) and import that folder",
                           "{path} est du JSON HSDS (services.json) ; l'import lit le paquet tabulaire : exportez-le avec "
                           "« cedta export hsds --out DOSSIER » (CSV, par défaut) et importez ce dossier"),
    "hsds-not-descriptor": ("{path} is not a package descriptor: give the package's folder ({folder}) or its datapackage.json",
                            "{path} n'est pas le descripteur d'un paquet : donnez le dossier du paquet ({folder}) ou son datapackage.json"),
    "hsds-bad-json": ("{path}:{row}:{column}: not valid JSON: {detail}", "{path}:{row}:{column} : JSON invalide : {detail}"),
    "input-json-not-utf8": ("{where}:{row}:{column}: byte {byte} is not UTF-8 (a Windows-1252 or Latin-1 file?); "
                            "save it as UTF-8",
                            "{where}:{row}:{column} : l'octet {byte} n'est pas de l'UTF-8 (un fichier Windows-1252 ou "
                            "Latin-1 ?) ; enregistrez-le en UTF-8"),
    "hsds-json-too-deep": ("{path}: JSON nested more than {depth} levels deep: not an HSDS package",
                           "{path} : JSON imbriqué sur plus de {depth} niveaux : ce n'est pas un paquet HSDS"),
    "hsds-json-number": ("{path}: a number of more than 4,300 digits: not an HSDS package",
                         "{path} : un nombre de plus de 4 300 chiffres : ce n'est pas un paquet HSDS"),
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
    "hsds-organization-invalid": ("organisation left out: its provider file would not be valid ({file}: {error})",
                                  "organisme laissé de côté : son fichier de fournisseur ne serait pas valide ({file} : {error})"),
    "hsds-cost-bad-amount": ("the amount `{value}` cannot be read: write a number of zero or more (1234.50)",
                             "le montant « {value} » est illisible : écrivez un nombre positif ou nul (1234.50)"),
    "hsds-cost-no-amount": ("cost option without an amount left out: {value}",
                            "option de coût sans montant laissée de côté : {value}"),
    # imports
    "import-blocked": ("{count} problems in the input; nothing written", "{count} problèmes dans le fichier ; rien n'a été écrit"),
    "import-blocked/1": ("1 problem in the input; nothing written", "1 problème dans le fichier ; rien n'a été écrit"),
    "import-invalid": ("the imported records would have {count} errors; nothing written",
                       "les enregistrements importés auraient {count} erreurs ; rien n'a été écrit"),
    "import-invalid/1": ("the imported records would have 1 error; nothing written",
                         "les enregistrements importés auraient 1 erreur ; rien n'a été écrit"),
    "import-dry-run": ("dry run: {count} files would be written; nothing written",
                       "essai : {count} fichiers seraient écrits ; rien n'a été écrit"),
    "import-dry-run/1": ("dry run: 1 file would be written; nothing written",
                         "essai : 1 fichier serait écrit ; rien n'a été écrit"),
    "import-done": ("wrote {count} files ({services} services read)",
                    "écrit {count} fichiers ({services} services lus)"),
    "import-done/1": ("wrote 1 file ({services} services read)", "écrit 1 fichier ({services} services lus)"),
    "import-strands-steps": ("the import would remove or rename services that open plan steps use (the risks above): nothing written; keep them in the input, or drop or finish those steps first",
                             "l’importation retirerait ou renommerait des services qu’utilisent des étapes ouvertes (les risques ci-dessus) : rien n’a été écrit ; gardez-les dans le fichier importé, ou abandonnez ou terminez d’abord ces étapes"),
    "import-strands-steps/1": ("the import would remove or rename a service that open plan steps use (the risk above): nothing written; keep it in the input, or drop or finish those steps first",
                               "l’importation retirerait ou renommerait un service qu’utilisent des étapes ouvertes (le risque ci-dessus) : rien n’a été écrit ; gardez-le dans le fichier importé, ou abandonnez ou terminez d’abord ces étapes"),
    "import-left-out": ("{count} values or rows could not be mapped and were left out (listed above)",
                        "{count} valeurs ou lignes n'ont pu être associées et ont été laissées de côté (voir ci-dessus)"),
    "import-left-out/1": ("1 value or row could not be mapped and was left out (listed above)",
                          "1 valeur ou ligne n'a pu être associée et a été laissée de côté (voir ci-dessus)"),
})
MESSAGES.update({
    "export-sqlite-done": ("wrote {path}: {providers} providers, {count} services; client facts without "
                           "identifiers, not suppressed (for the network's own analysis; share the forum report), "
                           "profile counts under {threshold} suppressed",
                           "écrit {path} : {providers} fournisseurs, {count} services ; faits sur la clientèle "
                           "sans identifiant, sans suppression (pour l'analyse interne du réseau ; diffuser le "
                           "rapport du forum), effectifs de profil sous {threshold} supprimés"),
})
MESSAGES.update({
    "export-sheet-done": ("wrote {path}: {count} services, one a row", "écrit {path} : {count} services, un par ligne"),
    "export-sheet-done/1": ("wrote {path}: 1 service", "écrit {path} : 1 service"),
    "input-is-dir": ("{path} is a folder; give a CSV or XLSX file", "{path} est un dossier ; indiquez un fichier CSV ou XLSX"),
    "import-data-invalid": ("the data directory has {count} errors; fix them (cedta validate) before importing",
                            "le répertoire de données contient {count} erreurs ; corrigez-les (cedta validate) avant d'importer"),
    "import-data-invalid/1": ("the data directory has 1 error; fix it (cedta validate) before importing",
                              "le répertoire de données contient 1 erreur ; corrigez-la (cedta validate) avant d'importer"),
    "sheet-not-xlsx": ("{path} is not an XLSX workbook ({reason})", "{path} n'est pas un classeur XLSX ({reason})"),
    "hsds-status-ignored": ("the service is marked `{value}`: cedta keeps a service by its dates; set `valid: {{until: ...}}` in its provider file (the service is imported as it was)",
                            "le service est marqué « {value} » : cedta garde un service selon ses dates ; indiquez `valid: {{until: ...}}` dans le fichier de son organisme (le service est importé tel quel)"),
    "sheet-error-value": ("the cell holds a spreadsheet error ({value}), not a value: fix the formula or type the value; row left out",
                          "la case contient une erreur de tableur ({value}), pas une valeur : corrigez la formule ou tapez la valeur ; ligne laissée de côté"),
    "sheet-boolean": ("the cell holds a logical value (TRUE or FALSE, a checkbox), not text: type the text itself",
                      "la case contient une valeur logique (VRAI ou FAUX, une case à cocher), pas du texte : tapez le texte lui-même"),
    "export-sheet-no-services": ("{count} organisations have no service, so no row in a sheet of services ({ids}); `export hsds` carries them",
                                 "{count} organismes n'ont aucun service, donc aucune ligne dans une feuille de services ({ids}) ; « export hsds » les garde"),
    "export-sheet-no-services/1": ("{count} organisation has no service, so no row in a sheet of services ({ids}); `export hsds` carries it",
                                   "{count} organisme n'a aucun service, donc aucune ligne dans une feuille de services ({ids}) ; « export hsds » le garde"),
    "import-comments-lost": ("{path}: written afresh, without its comments: the file does not read the round-trip way (run `cedta validate` on it; fix it before importing to keep them)",
                             "{path} : réécrit entièrement, sans ses commentaires : le fichier ne se relit pas tel quel (lancez « cedta validate » dessus ; corrigez-le avant l'import pour les garder)"),
    "sheet-cell-unreadable": ("the cell holds `{value}`, which its cell type (number, shared text, date) cannot hold: the workbook was written by a tool that slipped; retype the cell",
                              "la case contient « {value} », que son type de case (nombre, texte partagé, date) ne peut pas contenir : l'outil qui a écrit le classeur s'est trompé ; retapez la case"),
    "sheet-not-text": ("the cell holds {value}, not text or a price: type it as text (a name, a price such as $25)",
                       "la case contient {value}, pas du texte ni un prix : tapez-la comme du texte (un nom, un prix comme 25 $)"),
    "sheet-empty-name": ("--sheet is empty: give the sheet's name", "--sheet est vide : indiquez le nom de la feuille"),
    "sheet-choose": ("{path} has several sheets ({sheets}); choose one with --sheet",
                     "{path} contient plusieurs feuilles ({sheets}) ; choisissez-en une avec --sheet"),
    "sheet-not-found": ("{path} has no sheet named {sheet} (sheets: {sheets})",
                        "{path} n'a pas de feuille nommée {sheet} (feuilles : {sheets})"),
    "sheet-only-xlsx": ("--sheet is for XLSX workbooks; {path} is not one",
                        "--sheet ne s'applique qu'aux classeurs XLSX ; {path} n'en est pas un"),
    "sheet-empty": ("the sheet is empty: a header row and one row per service are expected",
                    "la feuille est vide : une ligne d'en-têtes puis une ligne par service sont attendues"),
    "sheet-empty-header": ("this column has no header (merged header cells?); give each column its own header",
                           "cette colonne n'a pas d'en-tête (cellules d'en-tête fusionnées ?) ; donnez un en-tête à chaque colonne"),
    "sheet-unknown-header": ("header `{value}` is not a known column (known: {known})",
                             "l'en-tête « {value} » n'est pas une colonne connue (connues : {known})"),
    "sheet-duplicate-header": ("header `{value}` repeats the column of {first}", "l'en-tête « {value} » répète la colonne {first}"),
    "sheet-missing-columns": ("the header row lacks the columns {columns}", "la ligne d'en-têtes n'a pas les colonnes {columns}"),
    "sheet-cell-outside": ("a value outside the headed columns: `{value}`", "une valeur hors des colonnes à en-tête : « {value} »"),
    "sheet-formula": ("the cell holds a formula ({value}); paste its value instead",
                      "la cellule contient une formule ({value}) ; collez plutôt sa valeur"),
    "sheet-date": ("the cell holds a date ({value}), not text; format the column as text",
                   "la cellule contient une date ({value}), pas du texte ; mettez la colonne au format texte"),
    "sheet-cell-too-long": ("a cell is longer than {limit} characters; row left out",
                            "une cellule dépasse {limit} caractères ; ligne laissée de côté"),
    "sheet-empty-cell": ("empty, but required; row left out", "vide, mais obligatoire ; ligne laissée de côté"),
    "sheet-ambiguous-amount": ("`{value}`: the amount could be read two ways (a thousands or a decimal separator); write 1 500 $ or 1,50 $ (1500 or 1.50); row left out",
                               "« {value} » : le montant se lit de deux façons (séparateur de milliers ou décimal) ; écrivez 1 500 $ ou 1,50 $ ; ligne laissée de côté"),
    "sheet-unmapped": ("`{value}` matches no term of the vocabulary; row left out",
                       "« {value} » ne correspond à aucun terme du vocabulaire ; ligne laissée de côté"),
    "sheet-row-invalid": ("row left out: the provider file it makes would not be valid ({file}: {error})",
                          "ligne laissée de côté : le fichier du fournisseur qu'elle produit ne serait pas valide ({file} : {error})"),
    "sheet-bad-ref": ("`{value}` is not a service id (provider/service); row left out",
                      "« {value} » n'est pas un identifiant de service (fournisseur/service) ; ligne laissée de côté"),
    "sheet-service-twice": ("service `{value}` is already given on row {row}: each row is one service; give this row its own Service id, or leave the cell empty; row left out",
                            "le service « {value} » figure déjà à la ligne {row} : chaque ligne est un service ; donnez à cette ligne son propre identifiant, ou laissez la case vide ; ligne laissée de côté"),
    "sheet-ref-other-org": ("service `{value}` belongs to another organisation than {org}; row left out",
                            "le service « {value} » relève d'un autre organisme que {org} ; ligne laissée de côté"),
})
MESSAGES.update({
    "import-org-alike": ("note: {where}: `{org}` makes a new organisation, and its name is close to {name} (`{known}`); "
                         "if it is the same one, write its name as the directory does, or `{known}/...` as the service id",
                         "remarque : {where} : « {org} » crée un nouvel organisme, et son nom est proche de {name} "
                         "(« {known} ») ; si c'est le même, écrivez son nom comme le répertoire, ou « {known}/... » "
                         "comme identifiant du service"),
    "import-nothing": ("nothing to write: the records already say this", "rien à écrire : les enregistrements le disent déjà"),
})


# What Python's JSON and CSV readers say (the start of their message), in French.
DETAILS_FR: list[tuple[str, str]] = [
    ("Expecting property name enclosed in double quotes", "nom de propriété entre guillemets doubles attendu"),
    ("Expecting value", "valeur attendue"),
    ("Expecting ',' delimiter", "virgule attendue"),
    ("Expecting ':' delimiter", "deux-points attendu"),
    ("Extra data", "données en trop après la fin"),
    ("Unterminated string", "chaîne non terminée"),
    ("Invalid control character", "caractère de contrôle invalide"),
    ("Invalid \\escape", "séquence d'échappement invalide"),
    ("unexpected end of data", "fin de données inattendue"),
    ("new-line character seen in unquoted field", "saut de ligne dans un champ sans guillemets"),
    ("line contains NUL", "la ligne contient un octet NUL"),
]


def detail_in(lang: str, detail: str) -> str:
    """A reader's message (`detail`) in the reader's language: French when known, else a general word."""
    if lang != "fr":
        return detail
    for english, french in DETAILS_FR:
        if detail.startswith(english):
            return french.replace("'", "\u2019")
    return "contenu mal formé"
