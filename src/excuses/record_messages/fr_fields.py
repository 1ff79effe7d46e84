"""The record's fields described in French, keyed ``Class.field`` as in ``record.py``.

Each description says what the field holds, as the English ``doc`` of the
field does; the messages quote it after « ce champ obligatoire indique ».
A test checks that every documented field has its description here.
"""

from __future__ import annotations

from collections.abc import Mapping

FIELDS: Mapping[str, str] = {
    # Client
    "Client.organisation": "L’organisation du client.",
    "Client.contact_name": "Le nom sous lequel saluer votre interlocuteur chez le client.",
    "Client.email": "L’adresse électronique de votre interlocuteur.",
    "Client.country": (
        "Le pays du client, en code ISO 3166-1 alpha-2 : ses jours fériés et ses jours "
        "ouvrés comptent, et il fixe l’écriture des dates en anglais."
    ),
    "Client.timezone": (
        "Le fuseau horaire IANA du client : toutes les heures des messages y sont écrites."
    ),
    "Client.subdivision": (
        "La région, l’État ou la province dont les jours fériés propres comptent aussi."
    ),
    "Client.locale": (
        "La façon d’écrire du client, en étiquette BCP 47 dans la langue de la fiche "
        "(`fr-CA`, `en-GB`) : dates, montants et orthographe anglaise."
    ),
    "Client.cc": (
        "Les autres personnes du client en copie de chaque message (le supérieur de votre "
        "interlocuteur), jamais du retour d’expérience interne."
    ),
    "Client.bcc": "Les adresses du client en copie cachée de chaque message.",
    # Sender
    "Sender.name": "Le nom complet de l’expéditeur.",
    "Sender.role": "La fonction de l’expéditeur, écrite sous son nom.",
    "Sender.organisation": "L’organisation de l’expéditeur.",
    "Sender.email": "L’adresse électronique de l’expéditeur (l’en-tête From).",
    "Sender.signature": "Les lignes de signature ajoutées sous le nom (téléphone, adresse).",
    "Sender.gender": (
        "Le genre grammatical de l’expéditeur en français : `feminine`, `masculine` ou "
        "`neutral`, par défaut, pour une formulation sans accord."
    ),
    "Sender.timezone": (
        "Le fuseau horaire IANA de l’expéditeur, quand il diffère de celui du client."
    ),
    "Sender.cc": "Les collègues en copie de chaque message (le responsable du compte).",
    "Sender.bcc": "Nos adresses en copie cachée de chaque message (une boîte d’archives).",
    "Sender.reply_to": (
        "L’adresse où doivent aller les réponses du client (un service), si ce n’est pas "
        "l’expéditeur."
    ),
    # TeamMember
    "TeamMember.name": "Le nom complet du collègue.",
    "TeamMember.role": "La fonction dans l’équipe.",
    "TeamMember.email": "L’adresse électronique du collègue.",
    # Incident
    "Incident.id": "La référence de l’incident, reprise dans les objets et les journaux.",
    "Incident.title": "Un titre court et factuel.",
    "Incident.found_by": "Qui s’est aperçu de l’incident en premier : `client` ou `us`.",
    "Incident.reported_at": (
        "Quand le client a signalé l’incident, ou quand nous l’avons découvert."
    ),
    "Incident.channel": "Comment l’incident nous est parvenu : courriel, téléphone, supervision…",
    "Incident.criticality": (
        "La gravité de l’incident, qui fixe les délais et la cadence : `annoying`, "
        "`important` ou `critical`."
    ),
    "Incident.what_happened": "Les faits, sans excuses.",
    "Incident.impact": "Ce que cela représente pour le client.",
    "Incident.symptoms": "Les symptômes connus à ce stade.",
    "Incident.questions": (
        "Les questions à poser au client ; des questions par défaut sont posées sans elles."
    ),
    "Incident.already_tried": "Ce que le client a déjà fait (une réclamation, un appel).",
    "Incident.client_words": "Les mots du client, cités tels quels.",
    "Incident.known_facts": "Ce que nous savons déjà, quand nous l’avons découvert nous-mêmes.",
    "Incident.message_id": (
        "Le Message-ID du courriel du client qui l’a signalé : nos messages y répondent, "
        "dans le même fil."
    ),
    "Incident.broken_promise": (
        "Si l’incident est lui-même une promesse non tenue (une livraison en retard)."
    ),
    "Incident.internal_summary": (
        "Ce qui s’est passé, raconté à l’équipe, le client à la troisième personne."
    ),
    # Action
    "Action.description": "Ce qui sera fait.",
    "Action.owner": "La personne ou la fonction qui réalisera l’étape.",
    "Action.due": "Quand l’étape sera terminée.",
    "Action.done_at": "Quand l’étape a été terminée.",
    "Action.done": "Fait à une heure que personne n’a consignée (anciennes fiches).",
    "Action.new_due": "La nouvelle échéance annoncée une fois `due` dépassée.",
    # Update
    "Update.sent_at": "Quand le point d’avancement a été envoyé.",
    "Update.done": "Ce qui était fait à son envoi.",
    "Update.in_progress": "Ce qui était en cours à son envoi.",
    "Update.blocked": "Ce qui était bloqué à son envoi, et par quoi.",
    "Update.estimated_recovery": "Le retour à la normale estimé.",
    "Update.next_update_at": "Quand le point d’avancement suivant a été promis.",
    # Commitment
    "Commitment.promise": "Ce qui a été promis.",
    "Commitment.due": "Pour quand cela a été promis.",
    "Commitment.delivered_at": "Quand la promesse a été tenue ; vide tant qu’elle ne l’est pas.",
    "Commitment.stage": "Le message qui a fait la promesse.",
    "Commitment.kind": (
        "`answer` (notre réponse avec le plan), `update` (le prochain point d’avancement) "
        "ou `other` (une livraison, un rappel…)."
    ),
    # Measure
    "Measure.description": "La mesure corrective.",
    "Measure.due": "Quand la mesure est (ou sera) en place.",
    "Measure.owner": "Qui en a la charge.",
    "Measure.done_at": "Quand la mesure a été mise en place.",
    "Measure.done": "En place depuis une heure que personne n’a consignée (anciennes fiches).",
    # Gesture
    "Gesture.kind": "La nature du geste commercial.",
    "Gesture.description": "Le geste, en une phrase.",
    "Gesture.amount": "Le montant, quand le geste en a un.",
    "Gesture.currency": "Le code de devise ISO 4217 du montant.",
    # Resolution
    "Resolution.resolved_at": "Quand l’incident a été résolu.",
    "Resolution.summary": "Ce qui s’est passé et ce qui a été fait.",
    "Resolution.root_cause": (
        "Pourquoi c’est arrivé, décrit comme la défaillance d’un processus (jamais d’une personne)."
    ),
    "Resolution.detection_gap": "Pourquoi personne n’a vu le problème avant le client.",
    "Resolution.measures": (
        "Les mesures correctives, datées ; la note de clôture en demande au moins une."
    ),
    "Resolution.gesture": "Le geste commercial.",
    "Resolution.client_satisfied": "Si le client a confirmé que la solution lui convient.",
    # PolicyOverrides
    "PolicyOverrides.answer_by": "Une échéance explicite pour notre première réponse.",
    "PolicyOverrides.answer_within": (
        "Le délai de notre première réponse : `1h`, `end of business day`, `3 business days`…"
    ),
    "PolicyOverrides.update_every": (
        "La cadence des points d’avancement : `2h`, `1 business day`…"
    ),
    "PolicyOverrides.time_basis": (
        "`clock` ou `business` : si les délais comptent les nuits et les fins de semaine."
    ),
    "PolicyOverrides.business_hours": "Les heures ouvrées du client, en `HH:MM-HH:MM`.",
    "PolicyOverrides.working_days": "Les jours ouvrés du client, en `mon`…`sun`.",
    # IncidentRecord
    "IncidentRecord.language": "La langue de tous les messages : `fr` ou `en`.",
    "IncidentRecord.client": "Le client.",
    "IncidentRecord.sender": "Qui signe.",
    "IncidentRecord.incident": "Ce qui s’est mal passé.",
    "IncidentRecord.team": "Les collègues qui peuvent être nommés responsables d’une correction.",
    "IncidentRecord.team_email": "L’adresse partagée de l’équipe, où va le retour d’expérience.",
    "IncidentRecord.actions": "Le plan d’action.",
    "IncidentRecord.updates": (
        "Les points d’avancement déjà envoyés, du plus ancien au plus récent."
    ),
    "IncidentRecord.commitments": "Les promesses faites au client.",
    "IncidentRecord.resolution": "Comment l’incident s’est terminé, une fois qu’il l’est.",
    "IncidentRecord.policy": "Les changements apportés aux délais et à la cadence par défaut.",
}
