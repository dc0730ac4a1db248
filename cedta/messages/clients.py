"""Messages of the clients stage (intake, the path, the caseload), in English and French, keyed by code."""

MESSAGES: dict[str, tuple[str, str]] = {
    # bad input
    "unknown-client": ("unknown client `{client}`", "client inconnu « {client} »"),
    # the stage's own codes for what is typed (the records' codes may be reworded by other stages)
    "client-unknown-hub": ("unknown hub `{hub}`", "centre inconnu « {hub} »"),
    "client-network-broken": ("cedta: {path} has errors (see cedta validate): its settings are not read, the defaults apply (stalled after 60 days)",
                              "cedta : {path} contient des erreurs (voir cedta validate) : ses réglages ne sont pas lus, les valeurs par défaut s'appliquent (au point mort après 60 jours)"),
    "client-org-ambiguous": ("`{org}` names several organisations ({ids}): give one id",
                             "« {org} » désigne plusieurs organismes ({ids}) : donnez-en l'identifiant"),
    "client-unknown-org": ("unknown organisation `{org}`", "organisme inconnu « {org} »"),
    "client-unknown-service": ("unknown service `{service}`", "service inconnu « {service} »"),
    "client-unknown-term": ("unknown term `{term}` in {category}", "terme inconnu « {term} » dans les {category}"),
    "client-bad-service-ref": ("`{value}` is not a service reference: write provider/service",
                               "« {value} » n'est pas une référence de service : écrivez fournisseur/service"),
    "client-bad-id": ("`{id}` is not a client id: lowercase letters, digits and hyphens, 64 characters at most",
                      "« {id} » n'est pas un identifiant de client : minuscules, chiffres et traits d'union, 64 caractères au plus"),
    "client-id-taken": ("client `{id}` already exists", "le client « {id} » existe déjà"),
    "client-see-vocab": ("see `cedta vocab {category_id}`", "voir « cedta vocab {category_id} »"),
    "client-bad-date": ("{field}: `{text}` is not a date; write YYYY-MM-DD",
                        "{field} : « {text} » n'est pas une date ; écrivez AAAA-MM-JJ"),
    "client-no-such-day": ("{field}: {text} is not a day of the calendar (that month has fewer days)",
                           "{field} : le {text} n'existe pas au calendrier (ce mois a moins de jours)"),
    "client-future-date": ("{field}: {date} is in the future (today is {today})",
                           "{field} : le {date} est dans le futur (nous sommes le {today})"),
    "client-date-before-intake": ("{field}: {date} is before the intake ({intake})",
                                  "{field} : le {date} précède l'accueil ({intake})"),
    "client-empty-note": ("{field}: the text is empty", "{field} : le texte est vide"),
    "client-identifier-in-note": (
        "{field}: the text looks like it holds {what}; direct identifiers do not belong in client files "
        "(keep them in the identity store)",
        "{field} : le texte semble contenir {what} ; les identifiants directs n'ont pas leur place dans un "
        "fichier client (gardez-les dans le registre d'identité)"),
    "client-other-identity-in-note": (
        "the text holds another client's full name as data/.private/ records it; refer to that client by id "
        "(nothing written)",
        "le texte contient le nom complet d'un autre client tel qu'inscrit dans data/.private/ ; désignez ce "
        "client par son identifiant (rien n'a été écrit)"),
    "client-identity-in-note": (
        "the text holds {what} that data/.private/ records for this client; it stays there, not in the "
        "client file (nothing written)",
        "le texte contient {what} du client tel qu'inscrit dans data/.private/ ; il reste là, pas dans le "
        "fichier client (rien n'est écrit)"),
    "client-no-such-step": ("there is no step {step} (the plan has {count} steps)",
                            "il n'y a pas d'étape {step} (le plan compte {count} étapes)"),
    "client-no-such-step/1": ("there is no step {step} (the plan has 1 step)",
                              "il n'y a pas d'étape {step} (le plan compte {count} étape)"),
    "client-no-such-step/0": ("there is no step {step}: the plan is empty (add one with `cedta plan ID add`)",
                              "il n'y a pas d'étape {step} : le plan est vide (ajoutez-en une avec « cedta plan ID add »)"),
    "client-service-topic": ("service `{service}` offers {offers}, not {topic}",
                             "le service « {service} » porte sur {offers}, pas sur {topic}"),
    "client-service-not-org": ("service `{service}` is not one of `{org}`'s services",
                               "le service « {service} » n'est pas un service de « {org} »"),
    "client-bad-minutes": ("minutes are a whole number from 0 to 10000, not {minutes}",
                           "les minutes sont un nombre entier de 0 à 10\u202f000, pas « {minutes} »"),
    "client-bad-amount": ("the amount must be a number from 0 to 1,000,000,000,000, not {amount}",
                          "le montant doit être un nombre de 0 à 1 000 000 000 000, pas {amount}"),
    "client-bad-count": ("the count is a whole number above 0, not {count}",
                         "le nombre est un entier supérieur à 0, pas {count}"),
    "client-outcome-field": ("{option} is for {kinds}, not for `{kind}` (the report would leave it out)",
                             "{option} est pour {kinds}, pas pour « {kind} » (le rapport l'ignorerait)"),
    "client-outcome-zero": ("{option} 0: a `{kind}` outcome records something that happened; leave it out when nothing did",
                            "{option} 0 : un résultat « {kind} » consigne ce qui s'est produit ; ne rien consigner s'il ne s'est rien produit"),
    "client-bad-satisfaction": ("satisfaction is a whole number from 1 to 5, not {value}",
                                "la satisfaction est un nombre entier de 1 à 5, pas {value}"),
    "client-empty-evaluation": ("give --satisfaction, --notes or both",
                                "donnez --satisfaction, --notes ou les deux"),
    "client-one-status": ("choose one of --active, --done, --dropped",
                          "choisissez une seule option parmi --active, --done, --dropped"),
    "client-invalid-before": ("{path} already has errors; fix them first (nothing written)",
                              "{path} contient déjà des erreurs ; corrigez-les d'abord (rien n'a été écrit)"),
    "client-invalid-after": ("the change would make {path} invalid; nothing written",
                             "la modification rendrait {path} invalide ; rien n'a été écrit"),
    "client-unchanged": ("{path} already says so; nothing written", "{path} l'indique déjà ; rien n'a été écrit"),
    "client-written": ("{path} updated", "{path} mis à jour"),
    "client-no-hubs": ("the data directory has no hub or no provider yet: add them first (see cedta init)",
                       "le répertoire de données n'a encore aucun centre ou aucun fournisseur : ajoutez-les d'abord (voir cedta init)"),
    "client-hub-needed": ("name a hub with --hub, or use --all", "indiquez un centre avec --hub, ou utilisez --all"),
    # stalled: why
    "stalled-no-contact": ("no contact for {days} days (since {since}; the limit is {limit})",
                           "aucun contact depuis {days} jours (depuis le {since} ; la limite est de {limit})"),
    "stalled-no-contact-since-intake": ("no contact in the {days} days since intake ({since}; the limit is {limit})",
                                        "aucun contact dans les {days} jours depuis l'accueil ({since} ; la limite est de {limit})"),
    "stalled-need-without-step": ("every step is done or dropped, but the need {topic} has no step: plan one, "
                                  "or add it and drop it with a note if no service fits (a gap)",
                                  "toutes les étapes sont terminées ou abandonnées, mais le besoin {topic} n'a pas "
                                  "d'étape : planifiez-en une, ou ajoutez-la et abandonnez-la avec une note si aucun "
                                  "service ne convient (une lacune)"),
    "stalled-target-passed": ("step {step} ({topic}): target {target} passed {days} days ago",
                              "étape {step} ({topic}) : échéance du {target} dépassée depuis {days} jours"),
    "stalled-target-passed/1": ("step {step} ({topic}): target {target} passed {days} day ago",
                                "étape {step} ({topic}) : échéance du {target} dépassée depuis {days} jour"),
}

# The field a message about typed input points at (`{field}`), in English and French.
FIELDS: dict[str, tuple[str, str]] = {
    "date": ("date", "date"),
    "note": ("note", "note"),
    "notes": ("notes", "notes"),
    "target": ("target date", "échéance"),
    "done": ("date done", "date de fin"),
    "dropped": ("date dropped", "date d'abandon"),
    "contact": ("contact date", "date du contact"),
    "outcome": ("outcome date", "date du résultat"),
    "evaluation": ("evaluation date", "date de l'évaluation"),
    "intake": ("intake date", "date d'accueil"),
    "consent": ("consent date", "date du consentement"),
    "birth_year": ("birth year", "année de naissance"),
}

# Values the schema fixes (not vocabulary terms), in English and French.
VALUES: dict[str, tuple[str, str]] = {
    "never": ("never", "jamais"), "current": ("receiving now", "prestataire actuel"),
    "past": ("in the past", "dans le passé"),
    "unemployed": ("unemployed", "sans emploi"), "employed": ("employed", "salarié"),
    "self-employed": ("self-employed", "travailleur autonome"), "student": ("student", "aux études"),
    "not-incorporated": ("not incorporated yet (a group founding one)", "pas encore constitué (un groupe qui le fonde)"),
    "planned": ("planned", "prévue"), "active": ("in progress", "en cours"), "done": ("done", "terminée"),
    "dropped": ("dropped", "abandonnée"),
    "hub": ("the hub", "le centre"), "network": ("the network", "le réseau"), "provider": ("the provider", "le fournisseur"),
    "business-idea": ("a business idea", "une idée d'entreprise"), "business-plan": ("a business plan", "un plan d'entreprise"),
    "yes": ("yes", "oui"), "no": ("no", "non"),
}

MESSAGES.update({
    # what a write says
    "client-step-needs-topic": ("give the step's topic (--topic T), or its service (--service PROVIDER/SERVICE), whose "
                                "topic it then takes",
                                "donnez le sujet de l'étape (--topic T), ou son service (--service FOURNISSEUR/SERVICE), "
                                "dont elle prend alors le sujet"),
    "client-step-unfit": ("warning: matching leaves this client out of {service}: {why} (`cedta match {id}` lists what fits)",
                          "avertissement : le jumelage écarte ce client de {service} : {why} (« cedta match {id} » "
                          "liste ce qui convient)"),
    "client-step-added": ("{path}: step {step} added ({topic})", "{path} : étape {step} ajoutée ({topic})"),
    "client-step-target": ("{path}: step {step} is due by {date}", "{path} : l'étape {step} est à faire d'ici le {date}"),
    "client-step-target-cleared": ("{path}: step {step} has no target date", "{path} : l'étape {step} n'a plus d'échéance"),
    "client-target-closed-step": ("step {step} is {status}: its target no longer counts (a wrong step number?)",
                                  "l'étape {step} est {status} : son échéance ne compte plus (mauvais numéro d'étape ?)"),
    "client-target-or-clear": ("give the target date, or --clear (one of them)", "donnez l'échéance, ou --clear (l'un des deux)"),
    "client-step-moved": ("{path}: step {step} is now step {to}", "{path} : l'étape {step} est maintenant l'étape {to}"),
    "client-outcome-left-steps": ("{path}: the open steps {steps} are dropped on {date} (the client left the program)",
                                  "{path} : les étapes ouvertes {steps} sont abandonnées le {date} (le client a quitté le programme)"),
    "client-forget-half": ("the identity entry of {id} was removed, but its file could not be changed (below): its notes remain; run `cedta forget {id}` again once the file can be written",
                           "l'entrée d'identité de {id} a été retirée, mais son dossier n'a pas pu être modifié (ci-dessous) : ses notes restent ; relancez `cedta forget {id}` quand le fichier pourra être écrit"),
    "client-left-before-activity": ("warning: the client left on {date}, yet work is recorded after it (until {later}): check the date",
                                    "attention : le client est parti le {date}, mais du travail est consigné après (jusqu'au {later}) : vérifiez la date"),
    "client-work-after-left": ("warning: {id} left the program on {date} (a left-program outcome): the case stays closed; if the client came back, take them in again, or remove that outcome if it was a mistake",
                               "attention : {id} a quitté le programme le {date} (un résultat left-program) : le dossier reste fermé ; si le client est revenu, faites un nouvel accueil, ou retirez ce résultat s'il était une erreur"),
    "client-left-twice": ("warning: the file now records the client leaving twice", "attention : le dossier consigne maintenant deux départs du client"),
    "client-outcome-left-steps/1": ("{path}: the open step {steps} is dropped on {date} (the client left the program)",
                                    "{path} : l'étape ouverte {steps} est abandonnée le {date} (le client a quitté le programme)"),
    "client-step-set": ("{path}: step {step} is {status}", "{path} : l'étape {step} est {status}"),
    "client-logged": ("{path}: contact of {date} logged ({count} contacts)",
                      "{path} : contact du {date} consigné ({count} contacts)"),
    "client-logged/1": ("{path}: contact of {date} logged (1 contact)", "{path} : contact du {date} consigné ({count} contact)"),
    "client-contact-twice": ("the same contact ({date}, {org}, same service, mode, minutes and note) is already logged; nothing "
                             "written (give --again to log a second one)",
                             "le même contact ({date}, {org}, même service, même formule, même durée et même note) est déjà consigné ; rien "
                             "n'a été écrit (ajoutez --again pour en consigner un second)"),
    "client-evaluation-twice": ("an evaluation of {date} is already recorded; nothing written (give --again to record a second one)",
                                "une évaluation du {date} est déjà consignée ; rien n'a été écrit (ajoutez --again pour en consigner une seconde)"),
    "client-contact-no-org": ("give the organisation met (--org) or the service used (--service PROVIDER/SERVICE)",
                              "indiquez l'organisme rencontré (--org) ou le service utilisé (--service ORGANISME/SERVICE)"),
    "client-step-twice": ("step {step} ({topic}) is already open in the plan with the same level and service; nothing written (give --again to add a second one)",
                          "l'étape {step} ({topic}) est déjà ouverte au plan, au même niveau et avec le même service ; rien n'a été écrit (ajoutez --again pour en ajouter une seconde)"),
    "client-outcome-twice": ("the same outcome ({kind}, {date}, same amount and count) is already recorded; nothing "
                             "written (give --again to record a second one)",
                             "le même résultat ({kind}, {date}, même montant et même nombre) est déjà consigné ; rien "
                             "n'a été écrit (ajoutez --again pour en consigner un second)"),
    "client-outcome-added": ("{path}: outcome recorded: {kind}", "{path} : résultat consigné : {kind}"),
    "client-evaluated": ("{path}: evaluation of {date} recorded", "{path} : évaluation du {date} consignée"),
    "client-forgotten": ("{path}: consent withdrawn on {date}; notes and comments removed, open steps dropped, identity entry {identity}",
                         "{path} : consentement retiré le {date} ; notes et commentaires supprimés, étapes ouvertes abandonnées, fiche d'identité {identity}"),
    "client-forget-unknown-block": ("`{key}` is not a key a client file has, and holds more than a text: forget cannot tell what of it to keep (a misspelt `outcomes:` holds counts); correct the key (`cedta validate` says where) and run forget again",
                                    "« {key} » n'est pas une clé d'un dossier client, et contient plus qu'un texte : forget ne peut savoir ce qu'il faut en garder (un « outcomes: » mal écrit contient des résultats) ; corrigez la clé (« cedta validate » dit où) et relancez forget"),
    "client-forget-unknown-keys": ("{path}: keys the record does not know were removed with the notes (what they held could be about the person): {keys}",
                                   "{path} : des clés que le dossier ne connaît pas ont été retirées avec les notes (ce qu'elles contenaient pouvait concerner la personne) : {keys}"),
    "client-forget-confirm": ("Forget client {id}? Its identity entry is deleted from {private} (not in git: this "
                              "cannot be undone), every note and comment is removed from its file (earlier versions "
                              "stay in git history) and its open steps are dropped.",
                              "Oublier le client {id} ? Sa fiche d'identité est supprimée de {private} (hors de "
                              "git : c'est définitif), toutes les notes et tous les commentaires sont retirés de son "
                              "dossier (les versions antérieures restent dans l'historique git) et ses étapes ouvertes "
                              "sont abandonnées."),
    "client-id-holds-other-name": ("the id {id} spells another client's full name as the identity store records it: a client's id is its file name, in git for good; choose another (or leave --id out: one is drawn)",
                                   "l'identifiant {id} écrit le nom complet d'un autre client tel que le registre d'identité l'inscrit : l'identifiant d'un client est le nom de son fichier, dans git pour de bon ; choisissez-en un autre (ou omettez --id : il est tiré au sort)"),
    "client-id-holds-identity": ("the id {id} holds {what} given in the identity: a client's id is its file name, "
                                 "in git for good; leave --id out and a pseudonym such as c-2026-0042 is chosen",
                                 "l'identifiant {id} contient {what} donné dans l'identité : l'identifiant d'un client "
                                 "est le nom de son fichier, dans git pour de bon ; omettez --id et un pseudonyme comme "
                                 "c-2026-0042 est choisi"),
    "client-step-was-done": ("step {step} was done on {date}; add --reopen to make it {status} (its done date is then removed)",
                             "l'étape {step} a été terminée le {date} ; ajoutez --reopen pour la changer (sa date de fin est alors retirée)"),
    "client-step-was-dropped": ("step {step} was dropped on {date}; add --reopen to make it {status} (its dropped date is then removed)",
                                "l'étape {step} a été abandonnée le {date} ; ajoutez --reopen pour la changer (sa date d'abandon est alors retirée)"),
    "client-outcome-needs-count": ("{kind} needs --count N, how many jobs: the report adds them up",
                                   "{kind} demande --count N, le nombre d’emplois : le rapport les additionne"),
    "client-step-before-program-end": ("warning: this program lasts {weeks} weeks: the target {target} comes before its end (about {end}), and the client would read stalled while attending it",
                                       "attention : ce programme dure {weeks} semaines : l'échéance du {target} tombe avant sa fin (vers le {end}), et le client paraîtrait au point mort en le suivant"),
    "client-ambiguous-term": ("`{term}` could be any of these {category}: {terms}; give the one meant",
                              "« {term} » peut désigner plusieurs termes ({category}) : {terms} ; donnez celui qui convient"),
    "client-step-dropped-on": ("step {step} was dropped on {date}; add --reopen to record {new} instead",
                               "l'étape {step} a été abandonnée le {date} ; ajoutez --reopen pour consigner le {new} à la place"),
    "client-step-done-on": ("step {step} was done on {date}; add --reopen to record {new} instead",
                            "l'étape {step} a été terminée le {date} ; ajoutez --reopen pour consigner le {new} à la place"),
    "client-two-dates": ("two dates given, {first} and {second}: give DATE or --date, one of the two",
                         "deux dates données, {first} et {second} : indiquez DATE ou --date, l'une des deux"),
    "client-private-outside": ("{path} leads outside the data directory {data} (a link?): the identity store and "
                               "the edit lock are kept only inside it; nothing was changed",
                               "{path} mène hors du dossier de données {data} (un lien ?) : le registre d'identité "
                               "et le verrou ne sont gardés qu'à l'intérieur ; rien n'a été modifié"),
    "client-need-added": ("{path}: need {need} added ({topic}, priority {priority})",
                          "{path} : besoin {need} ajouté ({topic}, priorité {priority})"),
    "client-need-dropped": ("{path}: need removed ({topic})", "{path} : besoin retiré ({topic})"),
    "client-need-dropped-copy": ("{path}: the need written twice is now written once ({topic}: the later copy removed)",
                                 "{path} : le besoin écrit deux fois ne l'est plus qu'une fois ({topic} : la seconde copie retirée)"),
    "client-need-which-level": ("the client has the need {topic} at several levels ({levels}): say which with --level (`--level none`: the one without a level)",
                                "le client a le besoin {topic} à plusieurs niveaux ({levels}) : précisez lequel avec --level (« --level none » : celui sans niveau)"),
    "client-need-exists": ("the client already has the need {topic} at that level",
                           "le client a déjà le besoin {topic} à ce niveau"),
    "client-need-exists-any-level": ("the client already has the need {topic}, one with no level and the other at {level}: one need of a topic at no level stands for every level; give the need its level with `need drop` then `need add --level`, or leave it",
                                     "le client a déjà le besoin {topic}, l'un sans niveau et l'autre au niveau {level} : un besoin sans niveau vaut pour tous les niveaux ; donnez-lui son niveau avec « need drop » puis « need add --level », ou laissez-le"),
    "client-no-such-need": ("the client has no need {topic} (at that level)", "le client n'a pas le besoin {topic} (à ce niveau)"),
    "client-bad-priority": ("the priority goes from 1 to 9, not {value}", "la priorité va de 1 à 9, pas {value}"),
    "client-step-service-ended": ("warning: {service} ended on {until}: choose another service for this step",
                                  "attention : {service} a pris fin le {until} : choisissez un autre service pour cette étape"),
    "client-step-after-end": ("warning: {service} is offered until {until}, before the step's target {target}: choose an earlier target or another service",
                              "attention : {service} est offert jusqu'au {until}, avant l'échéance de l'étape ({target}) : choisissez une échéance plus tôt ou un autre service"),
    "client-step-overbooked/1": ("warning: {service} has {count} place, and {taken} open plan steps now use it, this one included: ask the provider before counting on a place",
                                 "attention : {service} a {count} place, et {taken} étapes ouvertes l'utilisent maintenant, celle-ci comprise : demandez au fournisseur avant de compter sur une place"),
    "client-step-overbooked": ("warning: {service} has {count} places, and {taken} open plan steps now use it, this one included: ask the provider before counting on a place",
                               "attention : {service} a {count} places, et {taken} étapes ouvertes l'utilisent maintenant, celle-ci comprise : demandez au fournisseur avant de compter sur une place"),
    "client-step-not-a-need": ("{topic} is not among the client's needs: match, gaps and the report count needs "
                               "only (add it: cedta need {id} add --topic {topic_id})",
                               "{topic} ne fait pas partie des besoins du client : match, gaps et le rapport ne "
                               "comptent que les besoins (ajoutez-le : cedta need {id} add --topic {topic_id})"),
    "client-answers-refused": ("the answers piped in were refused {count} times in a row for the same question; "
                               "nothing written (type them at a terminal, or use --answers FILE)",
                               "les réponses transmises ont été refusées {count} fois de suite à la même question ; "
                               "rien n'a été écrit (tapez-les dans un terminal, ou utilisez --answers FICHIER)"),
    "client-forgotten-orphan": ("{id}: identity entry removed (there is no client file)",
                                "{id} : fiche d'identité supprimée (il n'y a pas de dossier client)"),
    "client-need-has-step": ("step {step} of the plan ({status}) takes up the need {topic}: a need taken up stays "
                             "on record, met or not, its step done or dropped (the forum's past counts rest on it); "
                             "`need drop` is for a need noted by mistake that no step took up",
                             "l'étape {step} du plan ({status}) répond au besoin {topic} : un besoin pris en charge "
                             "reste consigné, comblé ou non, son étape terminée ou abandonnée (les dénombrements "
                             "passés du forum en dépendent) ; « need drop » sert à retirer un besoin noté par erreur "
                             "qu'aucune étape n'a pris en charge"),
    "client-hidden-term": ("`{term}` ({category}) is hidden by data/vocab.yaml: the network no longer offers it for new entries",
                           "« {term} » ({category}) est masqué par data/vocab.yaml : le réseau ne le propose plus pour de nouvelles entrées"),
    "client-forget-needs-yes": ("forget {id} removes the identity entry for good, and no answer could be read: "
                                "add --yes to confirm (nothing changed)",
                                "forget {id} supprime la fiche d'identité pour de bon, et aucune réponse n'a pu être "
                                "lue : ajoutez --yes pour confirmer (rien n'a été modifié)"),
    "client-forget-kept": ("Nothing changed.", "Rien n'a été modifié."),
    "client-withdrawn": ("client {id} withdrew consent on {date}: the file is kept for the counts only and takes "
                         "no new entry (if the client comes back, open a new file with `cedta intake`)",
                         "le client {id} a retiré son consentement le {date} : le dossier n'est gardé que pour les "
                         "dénombrements et ne reçoit plus rien (si le client revient, ouvrez un nouveau dossier avec "
                         "« cedta intake »)"),
    "client-forget-refused": ("{path} cannot be changed until it reads as a client record (see above): fix it and "
                              "run `cedta forget` again; identity entry {identity}",
                              "{path} ne peut être modifié tant qu'il ne se lit pas comme un dossier client (voir "
                              "ci-dessus) : corrigez-le et relancez « cedta forget » ; fiche d'identité {identity}"),
    "client-forgotten-removed": ("removed", "supprimée"),
    "client-forgotten-none": ("absent (nothing to remove)", "absente (rien à supprimer)"),
    "client-forgotten-already": ("{path}: already forgotten (consent withdrawn, no notes, no open step); identity entry {identity}",
                                 "{path} : déjà oublié (consentement retiré, aucune note, aucune étape ouverte) ; fiche d'identité {identity}"),
    "client-created": ("{path} written: client {id}", "{path} écrit : client {id}"),
    "client-next": ("next: {command}", "ensuite : {command}"),
    "client-identity-tracked": ("identity kept in {path}, but git tracks that file: the name goes into the next commit; untrack it from the repository's root with `git rm --cached {files}` (it stays on this machine) before you commit",
                                "identité gardée dans {path}, mais git suit ce fichier : le nom partira dans la prochaine validation ; retirez-le du suivi depuis la racine du dépôt avec « git rm --cached {files} » (il reste sur ce poste) avant de valider"),
    "client-identity-kept": ("identity kept in {path} (this machine only, not in git)",
                             "identité gardée dans {path} (sur ce poste seulement, hors de git)"),
    "client-lookalike": ("this client looks like {others} (the same name, and the same birth year or none to tell them apart; or the same phone or e-mail); check before going on",
                         "ce client ressemble à {others} (même nom, et même année de naissance ou aucune pour les distinguer ; ou même téléphone ou courriel) ; vérifiez avant de continuer"),
    "client-intake-failed": ("{count} problems in the answers; nothing written", "{count} problèmes dans les réponses ; rien n'a été écrit"),
    "client-intake-failed/1": ("1 problem in the answers; nothing written", "{count} problème dans les réponses ; rien n'a été écrit"),
    "client-interrupted": ("interrupted; nothing written", "interrompu ; rien n'a été écrit"),
    "client-note-store-unreadable": ("the identity store {path} cannot be read, so a new note cannot be checked for "
                                     "the client's name or numbers; nothing written (fix the store: cedta validate "
                                     "says what is wrong; or leave the note out)",
                                     "le registre d'identité {path} est illisible : une nouvelle note ne peut pas être "
                                     "vérifiée (nom, numéros du client) ; rien n'a été écrit (réparez le registre : "
                                     "cedta validate dit ce qui ne va pas ; ou omettez la note)"),
    "client-note-too-long": ("{field}: {length} characters, more than a note may hold ({limit}); nothing written",
                             "{field} : {length} caractères, plus qu'une note ne peut en contenir ({limit}) ; rien n'a été écrit"),
    "client-step-note-too-long": ("note: the step's note and this one would be {length} characters, more than a note "
                                  "may hold ({limit}); shorten the step's note in its file first; nothing written",
                                  "note : la note de l'étape et celle-ci feraient {length} caractères, plus qu'une note "
                                  "ne peut en contenir ({limit}) ; raccourcissez d'abord la note de l'étape dans son "
                                  "fichier ; rien n'a été écrit"),
    "client-note-not-utf8": ("{field}: the text is not UTF-8 (check the terminal's encoding); nothing written",
                             "{field} : le texte n'est pas en UTF-8 (vérifiez l'encodage du terminal) ; rien n'a été écrit"),
    "client-answer-too-long": ("an answer on standard input is longer than {limit} characters (a file that is not "
                               "answers?); nothing written",
                               "une réponse de l'entrée standard dépasse {limit} caractères (un fichier qui n'est "
                               "pas fait de réponses ?) ; rien n'a été écrit"),
    "client-id-identity-left": ("{id}: the identity store still holds an entry for this id, though its client file is "
                                "missing (on another branch? removed by hand?); choose another id, or run `cedta forget "
                                "{id}` first if that person's entry should go; nothing written",
                                "{id} : le registre des identités contient encore une fiche pour cet identifiant, mais "
                                "son fichier client manque (sur une autre branche ? supprimé à la main ?) ; choisissez "
                                "un autre identifiant, ou lancez d'abord « cedta forget {id} » si la fiche de cette "
                                "personne doit partir ; rien n'a été écrit"),
    "client-record-broken": ("{id}: its file {path} does not read or has errors, so this command does not know it; "
                             "fix it first (`cedta validate {path}` says where); nothing written",
                             "{id} : son fichier {path} est illisible ou contient des erreurs, cette commande ne le "
                             "connaît donc pas ; corrigez-le d'abord (« cedta validate {path} » dit où) ; rien n'a "
                             "été écrit"),
    "client-answer-not-utf8": ("an answer is not UTF-8 text (set the terminal, or save the answers, in UTF-8); "
                               "nothing written",
                               "une réponse n'est pas du texte UTF-8 (réglez le terminal, ou enregistrez les "
                               "réponses, en UTF-8) ; rien n'a été écrit"),
    "client-answers-ran-out": ("the answers on standard input ran out before the intake was complete; nothing written "
                               "(give them as a YAML file with --answers FILE)",
                               "les réponses de l'entrée standard se sont épuisées avant la fin de l'accueil ; rien "
                               "n'a été écrit (les donner dans un fichier YAML avec --answers FICHIER)"),
    "client-answers-unreadable": ("cannot read {path}: {reason}", "lecture impossible de {path} : {reason}"),
    "identity-unreadable": ("cannot read the identity store {path}: {reason}",
                            "lecture impossible du registre d'identité {path} : {reason}"),
    "identity-store-not-utf8": ("cannot read the identity store {path}: it is not UTF-8 text (restore it from a backup)",
                                "lecture impossible du registre d'identité {path} : ce n'est pas du texte en UTF-8 "
                                "(restaurez-le depuis une sauvegarde)"),
    "client-intake-named-elsewhere": ("this client's name, phone, e-mail or address is already written in other client files (not shown here): {places}; write the client's id there instead (`validate` now says so, and those files take no new entry until then)",
                                      "le nom, le téléphone, le courriel ou l’adresse de ce client figure déjà dans d’autres fiches (non montré ici) : {places} ; écrivez-y plutôt son identifiant (`validate` le signale désormais, et ces fiches ne prennent rien de nouveau d’ici là)"),
    "identity-not-email": ("{key} is not shaped like an e-mail address (name@example.org); leave it empty if there is none",
                           "{key} n’a pas la forme d’une adresse courriel (nom@exemple.org) ; laissez vide s’il n’y en a pas"),
    "client-forget-elsewhere": ("other files (other clients', or the directory's that every member organisation shares) still write this client's name, phone, e-mail or address (not shown here): {places}; remove it there by hand and commit: with the identity entry gone, no check will find it again",
                                "d’autres fichiers (d’autres clients, ou du répertoire que chaque organisme membre partage) écrivent encore le nom, le téléphone, le courriel ou l’adresse de ce client (non montrés ici) : {places} ; retirez-les à la main et validez (commit) : la fiche d’identité supprimée, aucune vérification ne les retrouvera"),
    "client-forget-copies": ("copies of the file still hold its notes: {files}; delete them (and from git's history if they were committed)",
                             "des copies du fichier gardent encore ses notes : {files} ; supprimez-les (et de l'historique git si elles y ont été versées)"),
    "intake-identity-withdrawn": ("consent is withdrawn in these answers: no name or contact detail is kept; take out `identity:`",
                                  "le consentement est retiré dans ces réponses : aucun nom ni coordonnée n'est gardé ; retirez « identity: »"),
    "identity-store-same-client": ("the identity store {path} has one client twice, written with capitals or blanks the other time (line {line}, first at line {first}): both would be that client's; merge them",
                                   "le registre d'identité {path} contient deux fois un même client, écrit avec des majuscules ou des espaces l'autre fois (ligne {line}, d'abord ligne {first}) : les deux seraient à ce client ; fusionnez-les"),
    "identity-store-duplicate": ("the identity store {path} has a client or a field twice (line {line}, first at line {first}): YAML keeps only the last, so the first one's name would go unguarded; merge them",
                                 "le registre d'identité {path} contient deux fois un client ou un champ (ligne {line}, d'abord ligne {first}) : YAML ne garde que le dernier, et le nom du premier ne serait plus protégé ; fusionnez-les"),
    "identity-store-alias": ("the identity store {path} repeats a value with an anchor and an alias (& and *, line {line}): cedta does not read them there; write each value in full",
                             "le registre d'identité {path} répète une valeur par une ancre et un alias (& et *, ligne {line}) : cedta ne les lit pas là ; écrivez chaque valeur en entier"),
    "identity-store-bad-yaml": ("cannot read the identity store {path}: not valid YAML at line {line}, column {column}",
                                "lecture impossible du registre d'identité {path} : YAML invalide à la ligne {line}, "
                                "colonne {column}"),
    "identity-store-not-mapping": ("cannot read the identity store {path}: it is not a mapping of client ids",
                                   "lecture impossible du registre d'identité {path} : ce n'est pas une table d'identifiants de clients"),
    "identity-store-link": ("the identity store {path} is a link to a file outside the data folder: cedta neither reads nor writes it there (`forget` could not withdraw a consent); move the file itself into data/.private/",
                            "le registre d'identité {path} est un lien vers un fichier hors du dossier des données : cedta ne le lit ni ne l'écrit là (`forget` ne pourrait retirer un consentement) ; placez le fichier lui-même dans data/.private/"),
    "identity-store-too-large": ("the identity store {path} is over {limit} bytes; it is not read",
                                 "le registre d'identité {path} dépasse {limit} octets ; il n'est pas lu"),
    "client-private-not-folder": ("{path} is not a folder (it holds the identity store and the edit lock); move that file away",
                                  "{path} n'est pas un dossier (il contient le registre d'identité et le verrou) ; déplacez ce fichier"),
    "client-private-unusable": ("cannot use {path}: {reason}", "impossible d'utiliser {path} : {reason}"),
    "client-control-in-note": ("{field}: the text holds a control character ({char}); remove it",
                               "{field} : le texte contient un caractère de contrôle ({char}) ; retirez-le"),
    "client-answers-in-git": ("{path} holds the client's identity (kept in the identity store now) and lies in a git repository that does not ignore it: `git add` would commit it; delete it, or keep answers files outside the repository",
                              "{path} contient l'identité du client (gardée maintenant dans le registre d'identité) et se trouve dans un dépôt git qui ne l'ignore pas : `git add` le versionnerait ; supprimez-le, ou gardez les fichiers de réponses hors du dépôt"),
    "client-empty-option": ("{option} is empty: give a value, or leave the option out",
                            "{option} est vide : donnez une valeur, ou omettez l'option"),
    "client-date-with-status": ("DATE goes with --done or --dropped (a step under way has no date)",
                                "DATE va avec --done ou --dropped (une étape en cours n'a pas de date)"),
    "client-not-editable": ("{path}:{line}:{column}: cedta's editor cannot read this file ({problem}); fix that line (`cedta validate` reads it) and run the command again: nothing written",
                            "{path}:{line}:{column} : l'éditeur de cedta ne peut pas lire ce fichier ({problem}) ; corrigez cette ligne (« cedta validate » la lit) et relancez la commande : rien n'a été écrit"),
    "client-misnamed": ("client `{client}` is saved as {name}, which cedta does not read (a client record is clients/{client}.yaml, in small letters): rename it clients/{client}.yaml",
                        "le dossier client « {client} » est enregistré sous {name}, que cedta ne lit pas (un dossier client est clients/{client}.yaml, en minuscules) : renommez-le clients/{client}.yaml"),
    "client-forgotten-store-unreadable": ("NOT removed: the identity store does not read (below); fix it and run `cedta forget` again",
                                          "NON supprimée : le registre des identités ne se lit pas (ci-dessous) ; corrigez-le et relancez « cedta forget »"),
    "client-amount-ambiguous": ("`{amount}` could be one and a half or fifteen hundred: write 1500 or 1.50",
                                "« {amount} » pourrait valoir un et demi ou mille cinq cents : écrivez 1500 ou 1,50"),
    "client-bad-amount-text": ("the amount must be a number of zero or more, not `{amount}`",
                               "le montant doit être un nombre positif ou nul, pas « {amount} »"),
    "identity-not-mapping": ("`identity` is a mapping: name, phone, email, address, note",
                             "« identity » est un dictionnaire : name, phone, email, address, note"),
    "identity-unknown-key": ("unknown identity key `{key}`; expected one of: {allowed}",
                             "clé d'identité inconnue « {key} » ; clés possibles : {allowed}"),
    "identity-twice": ("identity `{key}` gives {field} a second time, differently: keep one",
                       "l'identité « {key} » donne {field} une seconde fois, autrement : n'en gardez qu'une"),
    "identity-too-long": ("identity `{key}` is over {limit} characters: a name or an address, not a document",
                          "l'identité « {key} » dépasse {limit} caractères : un nom ou une adresse, pas un document"),
    "identity-not-text": ("identity `{key}` is text, not a list or mapping",
                          "l'identité « {key} » est du texte, pas une liste ni un dictionnaire"),
    "identity-comment-cut": ("identity `{key}`: a ` #` on its line starts a YAML comment, so the value stops before it "
                             "(`123 Rideau Street #4` reads as `123 Rideau Street`); write it between quotes: {key}: '…'",
                             "identité « {key} » : un « # » précédé d'une espace sur sa ligne commence un commentaire "
                             "YAML, et la valeur s'arrête avant lui (« 123 rue Rideau #4 » se lit « 123 rue Rideau ») ; "
                             "écrivez-la entre guillemets : {key}: '…'"),
    "identity-not-quoted": ("identity `{key}`: YAML reads what is typed as a {kind} ({value}), not as text; "
                            "write it between quotes: {key}: '…'",
                            "identité « {key} » : YAML lit ce qui est tapé comme un {kind_fr} ({value}), pas comme "
                            "du texte ; écrivez-le entre guillemets : {key}: '…'"),
    "intake-needs-by": ("who took the intake? give `intake: {{by: ORG}}` or --by ORG",
                        "qui a fait l'accueil ? donnez « intake: {{by: ORG}} » ou --by ORG"),
    "intake-no-consent": ("no consent: give `consent: {{given: DATE}}` (nothing is written without it)",
                          "aucun consentement : donnez « consent: {{given: DATE}} » (rien n'est écrit sans lui)"),
    "intake-by-differs": ("the answers say the intake was by `{by}` but --by says `{option}`",
                          "les réponses donnent l'accueil par « {by} » mais --by donne « {option} »"),
    "intake-id-differs": ("the answers say id `{id}` but --id says `{option}`",
                          "les réponses donnent l'identifiant « {id} » mais --id donne « {option} »"),
    "client-identity-not-in-json": ("--identity is left out of --format json, which never holds a name or a phone: the text view shows the entry",
                                    "--identity n'entre pas dans --format json, qui ne contient jamais de nom ni de téléphone : la vue texte montre la fiche"),
    "client-identity-none": ("no identity entry for {id} on this machine", "aucune fiche d'identité pour {id} sur ce poste"),
    "client-identity-malformed": ("the identity entry for {id} in data/.private/identities.yaml is not written as fields (name: ..., phone: ...): cedta cannot read it; write it as the other entries are",
                                  "la fiche d'identité de {id} dans data/.private/identities.yaml n'est pas écrite en champs (name: ..., phone: ...) : cedta ne peut pas la lire ; écrivez-la comme les autres fiches"),
    "client-status-none-stalled": ("no stalled client", "aucun dossier au point mort"),
    "client-status-none": ("no active client", "aucun client actif"),
    "client-step-before-added": ("step {step} is marked {date}, before it was added to the plan ({added}): a quarter already reported would now count it; if the date is right, say so to the forum",
                                 "l'étape {step} est datée du {date}, avant son ajout au plan ({added}) : un trimestre déjà présenté la compterait maintenant ; si la date est juste, dites-le au forum"),
    "client-outcome-before-need": ("the outcome is dated {date}, before the need {topic} was recorded ({added}): it does not meet that need, which stays open (only an outcome on or after a need's day meets it)",
                                   "le résultat est daté du {date}, avant que le besoin {topic} soit consigné ({added}) : il ne comble pas ce besoin, qui reste ouvert (seul un résultat du jour du besoin ou d'après le comble)"),
    "client-status-later": ("{count} clients taken in after {today} are not listed (their intake date is later)",
                            "{count} clients accueillis après le {today} ne sont pas listés (leur date d'accueil est postérieure)"),
    "client-status-later/1": ("1 client taken in after {today} is not listed (its intake date is later)",
                              "1 client accueilli après le {today} n'est pas listé (sa date d'accueil est postérieure)"),
    "client-status-skipped": ("{count} client files have errors and are left out (see cedta validate)",
                              "{count} fichiers clients contiennent des erreurs et sont laissés de côté (voir cedta validate)"),
    "client-status-skipped/1": ("1 client file has errors and is left out (see cedta validate)",
                                "{count} fichier client contient des erreurs et est laissé de côté (voir cedta validate)"),
})

# Words of `cedta show`, `cedta status` and the interactive intake.
LABELS: dict[str, tuple[str, str]] = {
    "client": ("Client", "Client"), "kind": ("Kind", "Type"), "hub": ("Hub", "Centre"),
    "intake": ("Intake", "Accueil"), "by": ("by", "par"), "consent": ("Consent", "Consentement"),
    "given": ("given", "donné le"), "scope": ("shared with", "partagé avec"), "withdrawn": ("withdrawn", "retiré le"),
    "profile": ("Profile", "Profil"), "populations": ("Populations", "Populations"),
    "speaks": ("Speaks", "Parle"), "reads_writes": ("Reads and writes", "Lit et écrit"),
    "interpreter": ("With an interpreter", "Avec un interprète"),
    "birth_year": ("Birth year", "Année de naissance"), "ei": ("Employment Insurance", "Assurance-emploi"),
    "ended": ("ended", "terminée le"), "employment": ("Employment", "Emploi"),
    "hours": ("hours a week", "heures par semaine"), "region": ("Region", "Région"),
    "org_type": ("Organisation type", "Type d'organisme"), "memberships": ("Member of", "Membre de"),
    "founding": ("Founding", "En voie de fonder"),
    "foreign_trained_professional": ("Professional trained abroad", "Professionnel formé à l'étranger"),
    "indigenous_ownership_percent": ("Owned by Indigenous people", "Détenue par des Autochtones"),
    "stage": ("Stage", "Étape du projet"), "has": ("Already has", "A déjà"),
    "budget": ("Budget (highest fee)", "Budget (tarif maximal)"), "availability": ("Available", "Disponible"),
    "preferred_modes": ("Preferred modes", "Formules préférées"),
    "returning_to_school": ("Returning to school", "Retour aux études"),
    "needs": ("Needs", "Besoins"), "priority": ("priority", "priorité"), "level": ("level", "niveau"),
    "plan": ("Plan", "Plan"), "target": ("target", "échéance"), "done_on": ("done", "terminée le"),
    "overdue": ("OVERDUE", "EN RETARD"), "contacts": ("Contacts", "Contacts"), "minutes": ("min", "min"),
    "outcomes": ("Outcomes", "Résultats"), "amount": ("amount", "montant"), "count": ("count", "nombre"),
    "evaluation": ("Evaluation", "Évaluation"), "satisfaction": ("satisfaction", "satisfaction"),
    "state": ("Where it stands", "Où en est le dossier"), "stalled": ("STALLED", "AU POINT MORT"),
    "closed": ("closed", "fermé"), "on_track": ("on track", "en bonne voie"),
    "last_contact": ("last contact", "dernier contact"), "days_ago": ("{days} days ago", "il y a {days} jours"),
    "today": ("today", "aujourd'hui"), "yesterday": ("yesterday", "hier"),
    "none": ("none", "aucun"), "none_f": ("none", "aucune"), "unknown": ("not known", "inconnu"),
    "identity": ("Identity (this machine only)", "Identité (sur ce poste seulement)"),
    "name": ("Name", "Nom"), "phone": ("Phone", "Téléphone"), "email": ("E-mail", "Courriel"),
    "address": ("Address", "Adresse"), "note": ("Note", "Note"), "notes": ("notes", "notes"),
    "next_target": ("next target", "prochaine échéance"), "step": ("step", "étape"), "why": ("why", "pourquoi"),
    "has_now": ("{now} (from the outcomes; {then} at intake)", "{now} (d’après les résultats ; {then} à l’accueil)"),
    "stage_now": ("{now} (from the outcomes; {then} at intake)", "{now} (d’après les résultats ; {then} à l’accueil)"),
    "status_at_provider": ("Clients with an open plan step at {org}", "Clients dont une étape ouverte du plan est chez {org}"),
    "steps_there": ("steps", "étapes"),
    "days": ("days", "jours"), "status_title": ("Caseload on {today}: {count} open files, {stalled} stalled",
                                                 "Dossiers au {today} : {count} dossiers ouverts, {stalled} au point mort"),
    "status_title/1": ("Caseload on {today}: {count} open file, {stalled} stalled",
                       "Dossiers au {today} : {count} dossier ouvert, {stalled} au point mort"),
    "status_title_all": ("Caseload on {today}: {count} files ({closed}), {stalled} stalled",
                         "Dossiers au {today} : {count} dossiers (dont {closed}), {stalled} au point mort"),
    "closed_count": ("{count} closed", "{count} fermés"), "closed_count/1": ("{count} closed", "{count} fermé"),
    "status_title_all/1": ("Caseload on {today}: {count} file ({closed}), {stalled} stalled",
                           "Dossiers au {today} : {count} dossier (dont {closed}), {stalled} au point mort"),
    "no_plan_yet": ("no plan yet", "pas encore de plan"),
    "no_plan": ("no plan yet: cedta match {id} --plan, or cedta plan {id} add --topic T",
                "pas encore de plan : cedta match {id} --plan, ou cedta plan {id} add --topic T"),
}

# The interactive intake's questions and hints.
PROMPTS: dict[str, tuple[str, str]] = {
    "title": ("New client intake ({today}). Ctrl-C at any time: nothing is written.",
              "Accueil d'un nouveau client ({today}). Ctrl-C à tout moment : rien n'est écrit."),
    "consent": ("Has the client consented to the hub keeping this file?", "Le client consent-il à ce que le centre garde ce dossier ?"),
    "no_consent": ("No consent: nothing written.", "Pas de consentement : rien n'a été écrit."),
    "scope": ("Who may see the file?", "Qui peut consulter le dossier ?"),
    "kind": ("Kind of client", "Type de client"),
    "hub": ("Hub", "Centre"),
    "by": ("Organisation taking the intake", "Organisme qui fait l'accueil"),
    "profile": ("Profile: answer ? when you do not know (the fact stays empty; matching will ask later).",
                "Profil : répondez ? si vous ne savez pas (le renseignement reste vide ; le jumelage le demandera plus tard)."),
    "populations": ("Populations", "Populations"),
    "hub_population": ("The hub serves {population}: add it to the client's populations (services made for it then count it in)?",
                       "Le centre dessert la population {population} : l'ajouter aux populations du client (les services conçus pour elle le comptent alors) ?"),
    "speaks": ("Languages spoken", "Langues parlées"),
    "reads_writes": ("Languages read and written", "Langues lues et écrites"),
    "interpreter": ("Languages of help the hub can interpret for the client, through an interpreter (often English, French; Enter: none)",
                    "Langues de l'aide que le centre peut faire interpréter pour le client (souvent anglais, français ; Entrée : aucune)"),
    "interpreter_spoken": ("The client speaks {languages}: name the languages of the help to interpret (often en, fr).",
                           "Le client parle {languages} : indiquez les langues de l'aide à interpréter (souvent en, fr)."),
    "birth_year": ("Birth year", "Année de naissance"),
    "ei": ("Employment Insurance", "Assurance-emploi"),
    "ei_ended": ("When did the benefits end? (YYYY-MM-DD)", "Quand les prestations ont-elles pris fin ? (AAAA-MM-JJ)"),
    "employment": ("Employment", "Emploi"),
    "hours": ("Hours of work a week", "Heures de travail par semaine"),
    "region": ("Region", "Région"),
    "org_type": ("Type of organisation", "Type d'organisme"),
    "founding": ("A group not yet incorporated: what type of organisation is it founding?",
                 "Groupe pas encore constitué : quel type d'organisme fonde-t-il ?"),
    "indigenous_ownership_percent": ("Share owned by Indigenous people, in percent",
                                     "Part détenue par des Autochtones, en pour cent"),
    "foreign_trained_professional": ("A professional trained abroad (accountant, engineer, ...)?",
                                     "Professionnel formé à l'étranger (comptable, ingénieur, etc.) ?"),
    "memberships": ("Member of (organisations)", "Membre de (organismes)"),
    "stage": ("Stage of the project", "Étape du projet"),
    "has": ("Already has", "A déjà"),
    "budget": ("Highest fee, in dollars, the client can pay for one service",
               "Tarif maximal, en dollars, que le client peut payer par service"),
    "availability": ("Available", "Disponible"),
    "preferred_modes": ("Preferred modes", "Formules préférées"),
    "returning_to_school": ("Is the client returning to school?", "Le client retourne-t-il aux études ?"),
    "needs": ("Needs: what help is the client looking for?", "Besoins : quelle aide le client cherche-t-il ?"),
    "topic": ("Need {n}: topic", "Besoin {n} : sujet"),
    "level": ("Need {n}: level", "Besoin {n} : niveau"),
    "priority": ("Need {n}: priority, 1 the highest", "Besoin {n} : priorité, 1 étant la plus haute"),
    "more_needs": ("Another need?", "Un autre besoin ?"),
    "identity": ("Identity: kept on this machine only ({private}), never in git. Press Enter to skip.",
                 "Identité : gardée sur ce poste seulement ({private}), jamais dans git. Appuyez sur Entrée pour passer."),
    "name": ("Name", "Nom"), "phone": ("Phone", "Téléphone"), "email": ("E-mail", "Courriel"), "address": ("Address", "Adresse"),
    "summary": ("Summary: the file to be written", "Résumé : le fichier qui sera écrit"),
    "identity_summary": ("Identity (kept apart): {keys}", "Identité (gardée à part) : {keys}"),
    "confirm": ("Write this file?", "Écrire ce fichier ?"),
    "not_written": ("Nothing written.", "Rien n'a été écrit."),
    # hints and retries
    "yes_no": ("[y/n]", "[o/n]"), "yes_no_unknown": ("[y/n/?]", "[o/n/?]"),
    "pick_one": ("number or name", "numéro ou nom"), "pick_many": ("numbers or names, separated by commas", "numéros ou noms, séparés par des virgules"),
    "taken_unknown": ("not known", "inconnu"),
    "unknown_ok": ("? if not known", "? si inconnu"), "search": ("type letters to search", "tapez des lettres pour chercher"),
    "search_many": ("type letters to search, commas between", "tapez des lettres pour chercher, virgules entre"),
    "list_on_ask": ("? for the whole list", "? pour la liste complète"),
    "list_on_ask_unknown": ("?? for the whole list", "?? pour la liste complète"),
    "matches": ("{count} matches:", "{count} résultats :"),
    "no_match": ("No match for `{text}`; try again.", "Aucun résultat pour « {text} » ; réessayez."),
    "no_match_close": ("No match for `{text}`; did you mean {label} (`{id}`)? Try again.",
                       "Aucun résultat pour « {text} » ; vouliez-vous dire {label} (« {id} ») ? Réessayez."),
    "not_a_choice": ("`{text}` is not one of the choices; try again.", "« {text} » ne fait pas partie des choix ; réessayez."),
    "not_yes_no": ("Answer y or n.", "Répondez o ou n."),
    "not_yes_no_unknown": ("Answer y or n, or ? if not known.", "Répondez o ou n, ou ? si vous ne savez pas."),
    "not_a_number": ("`{text}` is not a whole number from {lo} to {hi}; try again.", "« {text} » n'est pas un nombre entier de {lo} à {hi} ; réessayez."),
    "not_an_amount": ("`{text}` is not an amount of zero or more; try again.", "« {text} » n'est pas un montant positif ou nul ; réessayez."),
    "required": ("An answer is needed here.", "Une réponse est nécessaire ici."),
    "default": ("default: {value}", "par défaut : {value}"),
}


# What the system says when a file cannot be read or written (errno names), in English and French.
OS_REASONS: dict[str, tuple[str, str]] = {
    "ENOENT": ("No such file or directory", "fichier ou dossier introuvable"),
    "EISDIR": ("Is a directory", "c'est un dossier"),
    "ENOTDIR": ("Not a directory", "ce n'est pas un dossier"),
    "EACCES": ("Permission denied", "permission refusée"),
    "EPERM": ("Operation not permitted", "opération non permise"),
    "EROFS": ("Read-only file system", "système de fichiers en lecture seule"),
    "ENOSPC": ("No space left on device", "plus d'espace sur le disque"),
    "EEXIST": ("File exists", "le fichier existe"),
    "EBADF": ("Bad file descriptor: it is closed", "descripteur de fichier fermé"),
}


def os_reason(errno_number: int | None, fallback: str, lang: str) -> str:
    """The system's reason for a failed read or write, in the reader's language when known."""
    import errno

    pair = OS_REASONS.get(errno.errorcode.get(errno_number or 0, ""))
    if pair is None:
        return fallback
    return pair[1].replace("'", "\u2019") if lang == "fr" else pair[0]
