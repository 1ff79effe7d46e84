"""The French catalogue: what the record checks say about a French record.

The templates are written here with ordinary spaces; :func:`typeset` gives
them French typography once, when the module loads (a no-break space before
« : », a narrow one before « ; ? ! », no-break spaces inside « »).
"""

from __future__ import annotations

import dataclasses
import errno as errnos
import re
from collections.abc import Iterable, Mapping
from typing import Any

from ..errors import Problem
from .base import Catalogue, Key
from .fr_fields import FIELDS
from .text import printable

_NBSP, _NNBSP = "\u00a0", "\u202f"
_SPACE_BEFORE = re.compile(r" ([:;?!»])")


def typeset(text: str) -> str:
    """French spacing for text written with ordinary spaces around punctuation."""
    text = _SPACE_BEFORE.sub(lambda m: (_NBSP if m.group(1) in ":»" else _NNBSP) + m.group(1), text)
    return text.replace("« ", "«" + _NBSP)


_GOT = ", et non {got}"

_TEMPLATES: Mapping[Key, str] = {
    Key.ONE_OF: "doit valoir {choices}" + _GOT,
    Key.TRUE_OR_FALSE: "doit valoir true ou false" + _GOT,
    Key.MAPPING_OF: "doit être une table de champs (`nom: valeur`)" + _GOT,
    Key.UNKNOWN_FIELD: "champ inconnu{hint} ; champs possibles : {choices}",
    Key.DID_YOU_MEAN: " (vouliez-vous dire `{name}` ?)",
    Key.MISSING: "manquant ; ce champ obligatoire indique {doc}",
    Key.EMPTY_REQUIRED: "vide ; une valeur est obligatoire",
    Key.LIST: "doit être une liste" + _GOT,
    Key.SPAN_TOO_LONG: "doit être un délai d’un an au plus, soit `{longest}` au plus" + _GOT,
    Key.SPAN: (
        "doit être un délai comme `1h`, `30 minutes`, `2 business days` ou "
        "`end of business day`" + _GOT
    ),
    Key.DATETIME: "doit être une date et une heure ISO comme 2026-11-23T17:00" + _GOT,
    Key.YEAR_RANGE: (
        "doit être une date entre {first} et {last} (les années que couvrent les calendriers "
        "des fuseaux horaires et des jours fériés)" + _GOT
    ),
    Key.SKIPPED_TIME: (
        "{got} n’a jamais existé dans le fuseau {zone} : cette nuit-là, les horloges ont "
        "sauté cette heure ; écrivez l’heure qu’affichait l’horloge, ou ajoutez le décalage UTC"
    ),
    Key.AMOUNT: "doit être un montant comme 150.00" + _GOT,
    Key.POSITIVE_AMOUNT: "doit être un montant positif comme 150.00" + _GOT,
    Key.AMOUNT_RANGE: (
        "doit être un montant inférieur à {most}, avec {decimals} décimales au plus" + _GOT
    ),
    Key.TEXT: "doit être un texte" + _GOT,
    Key.EMPTY_TEXT: "vide ; un texte est attendu",
    Key.TEXT_TOO_LONG: (
        "compte {length} caractères ; au plus {most} sont lus (définissez {variable} pour "
        "en lire davantage)"
    ),
    Key.CONTROL_CHARACTER: (
        "contient le caractère de contrôle {character} en position {position} ; supprimez-le"
    ),
    Key.EMAIL: "doit être une adresse électronique comme nom@example.com" + _GOT,
    Key.EMAIL_ASCII: (
        "doit être une adresse électronique dont la partie avant le @ est en ASCII simple "
        "(un en-tête de message ne peut pas la transporter autrement)" + _GOT
    ),
    Key.EMAIL_DOMAIN: "doit avoir un nom de domaine valide après le @" + _GOT,
    Key.MAILBOX: (
        "doit être une seule adresse comme `Nom <nom@example.com>` ou nom@example.com" + _GOT
    ),
    Key.MAILBOX_ONE_LINE: (
        "doit être une seule adresse comme `Nom <nom@example.com>` ou nom@example.com, "
        "sur une seule ligne" + _GOT
    ),
    Key.MESSAGE_ID: "doit être un Message-ID comme <CAF3x9Q@mail.example.fr>" + _GOT,
    Key.TIMEZONE: "doit être un fuseau horaire IANA comme Europe/Paris" + _GOT + "{hint}",
    Key.COUNTRY: "doit être un code de pays ISO 3166 comme FR ou BE" + _GOT,
    Key.LOCALE: "doit être une étiquette de langue comme fr-FR, fr-CA ou en-GB" + _GOT,
    Key.CURRENCY: "doit être un code de devise ISO 4217 comme EUR" + _GOT,
    Key.HOURS: "doit être une plage d’heures ouvrées comme 09:00-18:00" + _GOT,
    Key.WEEKDAY: "doit être un jour de la semaine comme mon, tue… sun" + _GOT,
    Key.TOP_LEVEL: (
        "une fiche d’incident est une table avec les champs language, client, sender et "
        "incident, et non {got}"
    ),
    Key.YAML_TAG: (
        "les étiquettes YAML explicites comme `{tag}` ne sont pas lues dans une fiche ; "
        "écrivez simplement la valeur"
    ),
    Key.TOO_DEEP: (
        "imbrication de plus de {depth} niveaux (définissez {variable} pour lire des fichiers "
        "plus profonds)"
    ),
    Key.CANNOT_READ_AS: (
        "impossible de lire {got} comme {what} ; mettez la valeur entre guillemets pour la "
        "garder comme texte"
    ),
    Key.ALIAS_LOOP: "un alias renvoie à la valeur qui le contient",
    Key.ALIAS_REPEATS: (
        "les alias (*nom) du fichier répètent plus de {most} valeurs (définissez {variable} "
        "pour en permettre davantage)"
    ),
    Key.TWICE: "figure deux fois ; n’en gardez qu’un",
    Key.YAML_SYNTAX: "erreur de syntaxe YAML : {what}",
    Key.YAML_SYNTAX_AT: "erreur de syntaxe YAML, colonne {column} : {what}",
    Key.SEVERAL_DOCUMENTS: (
        "contient plusieurs documents YAML ; une fiche n’en est qu’un (--- les sépare)"
    ),
    Key.JSON_SYNTAX: "erreur de syntaxe JSON, colonne {column} : {what}",
    Key.JSON_VALUE: "valeur JSON illisible : {what}",
    Key.TOO_MANY_CHARACTERS: (
        "compte {size} caractères ; au plus {most} sont lus (définissez {variable} pour en "
        "lire davantage)"
    ),
    Key.TOO_MANY_BYTES: (
        "pèse {size} octets ; au plus {most} sont lus (définissez {variable} pour en lire "
        "davantage)"
    ),
    Key.NO_FILE: "fichier introuvable",
    Key.FOLDER: "est un dossier, pas une fiche d’incident",
    Key.UNREADABLE: "illisible : {reason}",
    Key.NOT_UTF8: (
        "n’est pas un texte UTF-8 (octet invalide à la position {offset}) ; enregistrez-le "
        "en UTF-8 et réessayez"
    ),
    Key.BEFORE_REPORT: "{moment} est antérieur au signalement de l’incident ({reported}) ; {why}",
    Key.ACTION_DONE_BEFORE: "une étape du plan se fait après l’incident qu’elle corrige",
    Key.UPDATE_SENT_BEFORE: "un point d’avancement part après le signalement",
    Key.PROMISE_DUE_BEFORE: "une promesse faite au client arrive à échéance après le signalement",
    Key.PROMISE_KEPT_BEFORE: "une promesse est tenue après avoir été faite",
    Key.RESOLVED_BEFORE: "un incident est résolu après avoir commencé",
    Key.MEASURE_DONE_BEFORE: "une mesure corrective vient après l’incident auquel elle répond",
    Key.NEW_DUE_NOT_AFTER: (
        "{moment} n’est pas postérieur à la première échéance ({due}) ; une nouvelle heure se "
        "fixe une fois la première manquée"
    ),
    Key.UPDATES_OUT_OF_ORDER: (
        "{moment} est antérieur au point d’avancement précédent ({previous}) ; listez les "
        "points d’avancement du plus ancien au plus récent"
    ),
    Key.NEXT_UPDATE_NOT_AFTER: (
        "{moment} n’est pas postérieur au point d’avancement qui l’a promis ({sent})"
    ),
}

TEMPLATES: Mapping[Key, str] = {key: typeset(text) for key, text in _TEMPLATES.items()}

# What the YAML and JSON readers report most often, said in French; other reports are
# quoted as the reader wrote them.
_YAML_PROBLEMS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), typeset(french))
    for pattern, french in (
        (
            r"mapping values are not allowed here",
            "deux-points mal placé (mettez entre guillemets une valeur qui en contient un)",
        ),
        (r"could not find expected ':'", "deux-points attendu après la clé"),
        (r"did not find expected key", "clé attendue ici (vérifiez l’indentation)"),
        (r"did not find expected '-' indicator", "tiret attendu ici (vérifiez l’indentation)"),
        (r"found unexpected end of stream", "fin du fichier au milieu d’une valeur"),
        (
            r"found character '\\t' that cannot start any token",
            "une tabulation ne peut pas commencer une valeur ; indentez avec des espaces",
        ),
        (r"found undefined alias '(.*)'", "alias inconnu « \\1 »"),
        (r"expected <block end>, but found .*", "indentation incohérente"),
        (
            r"found character '(.*)' that cannot start any token",
            "le caractère « \\1 » ne peut pas commencer une valeur ; mettez-la entre guillemets",
        ),
    )
)
_JSON_PROBLEMS: Mapping[str, str] = {
    "Expecting value": "valeur attendue",
    "Expecting ',' delimiter": "virgule attendue",
    "Expecting ':' delimiter": "deux-points attendu",
    "Expecting property name enclosed in double quotes": (
        "nom de champ entre guillemets doubles attendu"
    ),
    "Unterminated string starting at": "chaîne de caractères non fermée",
    "Invalid control character at": "caractère de contrôle dans une chaîne",
    "Extra data": "texte après la fin de la valeur JSON",
    "Invalid \\escape": "séquence d’échappement invalide",
    "Illegal trailing comma before end of object": "virgule en trop avant la fin de l’objet",
    "Illegal trailing comma before end of array": "virgule en trop avant la fin de la liste",
}
_OS_REASONS: Mapping[int, str] = {
    errnos.EACCES: "permission refusée",
    errnos.EPERM: "opération non permise",
    errnos.ENAMETOOLONG: "nom de fichier trop long",
    errnos.ELOOP: "trop de liens symboliques",
    errnos.ENOTDIR: "un élément du chemin n’est pas un dossier",
    errnos.EIO: "erreur d’entrée-sortie",
}
_TYPES: Mapping[str, str] = {"int": "nombre entier", "float": "nombre décimal"}
_KINDS: Mapping[type, str] = {
    str: "un texte",
    int: "un nombre",
    float: "un nombre",
    bool: "un booléen",
    list: "une liste",
    dict: "une table",
}


def _quoted(text: str) -> str:
    return f"«{_NBSP}{text}{_NBSP}»"


class French(Catalogue):
    """The messages in French, with French typography and vouvoiement."""

    language = "fr"
    templates = TEMPLATES

    def field_doc(self, cls: type, field: dataclasses.Field[Any]) -> str:
        return typeset(FIELDS.get(f"{cls.__name__}.{field.name}", ""))

    def quote(self, value: Any) -> str:
        if isinstance(value, str):
            shown = value if len(value) <= 60 else value[:57] + "…"
            return _quoted(printable(shown))
        if value is None:
            return "rien"
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, Mapping):
            return "une table"
        if isinstance(value, list | tuple):
            return "une liste"
        return repr(value)

    def shown(self, value: Any) -> str:
        text = value if isinstance(value, str) else "la valeur"
        return _quoted(printable(text[:40] + ("…" if len(text) > 40 else "")))

    def number(self, value: int) -> str:
        return f"{value:,}".replace(",", _NNBSP)

    def choices(self, values: Iterable[Any]) -> str:
        shown = [f"`{v}`" for v in values]
        if len(shown) == 1:
            return shown[0]
        return ", ".join(shown[:-1]) + " ou " + shown[-1]

    def kind(self, value: Any) -> str:
        if value is None:
            return "rien"
        return _KINDS.get(type(value), type(value).__name__)

    def located(self, problem: Problem) -> str:
        # A problem of the whole file (its syntax, its size) has no field path to name.
        parts = [f"ligne {problem.line}"] if problem.line is not None else []
        parts += [problem.path] if problem.path else []
        return f"{_NBSP}: ".join([*parts, problem.message])

    def heading(self, source: str | None, count: int) -> str:
        where = f"{source}{_NBSP}: " if source else ""
        problems = "un problème" if count == 1 else f"{count}{_NBSP}problèmes"
        return f"{where}la fiche d’incident comporte {problems}{_NBSP}:"

    def error_label(self) -> str:
        return f"erreur{_NBSP}:"

    def yaml_problem(self, text: str) -> str:
        for pattern, french in _YAML_PROBLEMS:
            match = pattern.fullmatch(text)
            if match:
                return match.expand(french)
        return f"le lecteur YAML signale {_quoted(text)}"

    def json_problem(self, text: str) -> str:
        french = _JSON_PROBLEMS.get(text)
        return french if french else f"le lecteur JSON signale {_quoted(text)}"

    def os_reason(self, errno: int | None, text: str) -> str:
        french = _OS_REASONS.get(errno) if errno is not None else None
        return french if french else f"le système signale {_quoted(text)}"

    def type_name(self, tag: str) -> str:
        return _TYPES.get(tag, tag)
