"""Messages of the review commands added after the foundation (`cedta diff`), in English and French."""

MESSAGES: dict[str, tuple[str, str]] = {
    # an entry whose only change is its free-text note
    "diff-needs-notes": ("{count} needs' notes changed", "notes de {count} besoins modifiées"),
    "diff-needs-notes/1": ("{count} need's note changed", "note de {count} besoin modifiée"),
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
    "diff-step-note": ("note of step {step} changed", "note de l'étape {step} modifiée"),
}
