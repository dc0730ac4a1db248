"""Messages of the match stage, in English and French, keyed by code.

`reason-*` are the short words of matching's reasons (why a service fits, why not, what to ask);
the rest are the messages and labels of `cedta match` and `cedta find`.
"""

MESSAGES: dict[str, tuple[str, str]] = {
    # ---- reasons: why a service fits ------------------------------------------------------------
    "reason-language-fit": ("in {language}", "en {language}"),
    "reason-language-reads": ("in {language}, which the client reads", "en {language}, que la personne lit"),
    "reason-level-fit": ("{level} level, within {range}", "niveau {level}, compris dans : {range}"),
    "reason-level-exact": ("{level} level", "niveau {level}"),
    "reason-level-near-above": ("with that said: starts at {start}, one level above",
                                "cela dit : commence au niveau {start}, un niveau au-dessus"),
    "reason-level-near-below": ("with that said: goes up to {end} only, one level below",
                                "cela dit : va jusqu’au niveau {end} seulement, un niveau en dessous"),
    "reason-fee-free": ("free", "gratuit"),
    "reason-fee-fit": ("{price}, within the budget of {budget}", "{price}, dans le budget de {budget}"),
    "reason-fee-members": ("{price} for members (the client is a member)",
                           "{price} pour les membres (la personne est membre)"),
    "reason-schedule-fit": ("offered {times}", "offert {times}"),
    "reason-mode-fit": ("{mode}, as preferred", "{mode}, comme souhaité"),
    "reason-mode-near": ("with that said: {mode}, close to the preferred {preferred}",
                         "cela dit : {mode}, proche du mode souhaité ({preferred})"),
    "reason-stage-fit": ("for the {stage} stage", "pour l’étape : {stage}"),
    "reason-population-fit": ("made for {population}", "conçu pour : {population}"),
    "reason-hub-fit": ("a member of the {hub}", "membre du {hub}"),
    "reason-eligibility-fit": ("meets: {rule}", "admissible : {rule}"),
    # ---- reasons: why a service is left out -----------------------------------------------------
    "reason-language": ("in {languages} only; the client speaks {speaks}",
                        "en {languages} seulement ; la personne parle {speaks}"),
    "reason-language-written": ("written material in {languages} only; the client reads {reads}",
                                "documentation en {languages} seulement ; la personne lit {reads}"),
    "reason-level-above": ("starts at {start}; the need is {level}", "commence au niveau {start} ; le besoin est de niveau {level}"),
    "reason-level-below": ("goes up to {end} only; the need is {level}",
                           "va jusqu’au niveau {end} seulement ; le besoin est de niveau {level}"),
    "reason-fee": ("{price}, budget {budget}", "{price}, budget de {budget}"),
    "reason-schedule": ("offered {times} only; the client is free {free}",
                        "offert {times} seulement ; la personne est disponible {free}"),
    "reason-membership": ("members of {org} only", "réservé aux membres de {org}"),
    "reason-membership-fee": ("priced for members of {org} only", "tarif réservé aux membres de {org}"),
    "reason-capacity": ("full: {count} places a {per}, {taken} taken", "complet : {count} places par {per}, {taken} prises"),
    "reason-expired": ("offered until {date} only", "offert jusqu’au {date} seulement"),
    "reason-not-yet": ("offered from {date} only", "offert à partir du {date} seulement"),
    "reason-stage": ("for {stages}; the client is at {stage}", "pour : {stages} ; la personne en est à : {stage}"),
    "reason-eligibility": ("not met: {rule}", "critère non rempli : {rule}"),
    "reason-eligibility-fact": ("not met: {rule} ({fact})", "critère non rempli : {rule} ({fact})"),
    # ---- questions: what to ask before anyone can tell ------------------------------------------
    "question-eligibility": ("{question} ({rule})", "{question} ({rule})"),
    "question-fee": ("{fee}: ask the price (budget {budget})", "{fee} : demander le prix (budget de {budget})"),
    "question-language": ("ask which languages the client speaks (the service is in {languages})",
                          "demander les langues que parle la personne (le service est en {languages})"),
    "question-reads": ("ask whether the client reads {languages} (written material)",
                       "demander si la personne lit : {languages} (documentation)"),
}
