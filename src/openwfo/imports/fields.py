"""The import types and their fields: keys, localized labels, required flags, accepted data types.

One catalogue serves every way data comes in or goes out: the bulk upload headers (keys, or the
labels an export writes), the File Import API's field list and mappings, the export headers and
the import preferences' mappings.
"""

from __future__ import annotations

from dataclasses import dataclass

LANGUAGES = ("en", "de", "fr", "es")

# Data types: code -> (description, format example). Descriptions are the reference's.
DATA_TYPES: dict[str, tuple[str, str]] = {
    "Integer": ("Number", "1, 2, 3"),
    "Text": ("Text", "Example text"),
    "MM/DD/YYYY": ("US Date", "07/04/2016"),
    "DD/MM/YYYY": ("European Date", "04/07/2016"),
    "YYYY-MM-DD": ("ISO Date", "2016-07-04"),
    "TrueFalse": ("true/false", "true"),
    "YesNo": ("yes/no", "yes"),
}

# A field's kind decides the data types it accepts (the first is the default).
KIND_TYPES: dict[str, tuple[str, ...]] = {
    "integer": ("Integer",),
    "text": ("Text",),
    "date": ("MM/DD/YYYY", "DD/MM/YYYY", "YYYY-MM-DD"),
    "bool": ("TrueFalse", "YesNo"),
    "list": ("Text",),  # several values separated by semicolons
}


# Types a mapping may also name for a kind, beyond those listed (numbers given as text and back).
KIND_ALSO: dict[str, tuple[str, ...]] = {"integer": ("Text",), "text": ("Integer",)}


@dataclass(frozen=True)
class Field:
    key: str
    kind: str
    required: bool  # a File Import mapping must map it (the reference's GET example marks these)
    labels: tuple[str, str, str, str]  # in LANGUAGES order

    @property
    def multivalued(self) -> bool:
        return self.kind == "list"

    @property
    def types(self) -> tuple[str, ...]:
        return KIND_TYPES[self.kind]

    def data_type(self, code: str | None) -> str | None:
        """The canonical data type code for a mapping's dataType (any case), None if not accepted."""
        if code is None or not code.strip():
            return self.types[0]
        for t in self.types + KIND_ALSO.get(self.kind, ()):
            if t.lower() == code.strip().lower():
                return t
        return None

    def label(self, locale: str | None) -> str:
        return self.labels[language_index(locale)]


def language_index(locale: str | None) -> int:
    lang = (locale or "en").replace("-", "_").split("_")[0].lower()
    return LANGUAGES.index(lang) if lang in LANGUAGES else 0


F = Field

GROUP_FIELDS = (
    F("id", "integer", True, ("Group ID", "Gruppen-ID", "ID du groupe", "ID de grupo")),
    F("name", "text", True, ("Name", "Name", "Nom", "Nombre")),
    F("activatedDate", "date", True, ("Activated Date", "Aktivierungsdatum", "Date d'activation", "Fecha de activación")),
    F("deactivatedDate", "date", False,
      ("Deactivated Date", "Deaktivierungsdatum", "Date de désactivation", "Fecha de desactivación")),
)

TEAM_FIELDS = (
    F("id", "integer", True, ("Team ID", "Team-ID", "ID de l'équipe", "ID de equipo")),
    *GROUP_FIELDS[1:],
    F("parentGroupId", "text", False, ("Parent Group ID", "Übergeordnete Gruppe", "Groupe parent", "Grupo principal")),
    F("productivityCompilation", "bool", True,
      ("Productivity Compilation", "Produktivitätserfassung", "Compilation de la productivité",
       "Compilación de productividad")),
)

PERSON_FIELDS = (
    F("personId", "integer", False, ("Person ID", "Personen-ID", "ID de la personne", "ID de persona")),
    F("email", "text", True, ("Email", "E-Mail", "E-mail", "Correo electrónico")),
    F("firstName", "text", True, ("First Name", "Vorname", "Prénom", "Nombre")),
    F("lastName", "text", True, ("Last Name", "Nachname", "Nom", "Apellido")),
    F("timeZone", "text", False, ("Time Zone", "Zeitzone", "Fuseau horaire", "Zona horaria")),
    F("adLogin", "text", False, ("AD Login", "AD-Anmeldung", "Identifiant AD", "Inicio de sesión AD")),
    F("memberGroup", "text", False, ("Team", "Team", "Équipe", "Equipo")),
    F("activated", "date", False, ("Activation Date", "Aktivierungsdatum", "Date d'activation", "Fecha de activación")),
    F("deactivated", "date", False,
      ("Deactivation Date", "Deaktivierungsdatum", "Date de désactivation", "Fecha de desactivación")),
    F("locale", "text", False, ("Locale", "Gebietsschema", "Paramètres régionaux", "Configuración regional")),
    F("roles", "list", False, ("Roles", "Rollen", "Rôles", "Roles")),
    F("scopegroups", "list", False, ("Scope Groups", "Bereichsgruppen", "Groupes de portée", "Grupos de ámbito")),
    F("scopeteams", "list", False, ("Scope Teams", "Bereichsteams", "Équipes de portée", "Equipos de ámbito")),
    F("enableScheduling", "bool", False,
      ("Enable Scheduling", "Planung aktiviert", "Planification activée", "Programación habilitada")),
    F("views", "list", False, ("Views", "Ansichten", "Vues", "Vistas")),
    F("mainView", "text", False, ("Main View", "Hauptansicht", "Vue principale", "Vista principal")),
    F("companyStartDate", "date", False,
      ("Company Start Date", "Eintrittsdatum Unternehmen", "Date d'entrée dans l'entreprise",
       "Fecha de ingreso en la empresa")),
    F("companyEndDate", "date", False,
      ("Company End Date", "Austrittsdatum Unternehmen", "Date de départ de l'entreprise",
       "Fecha de salida de la empresa")),
    F("departmentStartDate", "date", False,
      ("Department Start Date", "Eintrittsdatum Abteilung", "Date d'entrée dans le service",
       "Fecha de ingreso en el departamento")),
    F("employeeId", "text", False, ("Employee ID", "Personalnummer", "Matricule", "ID de empleado")),
    F("rank", "integer", False, ("Rank", "Rang", "Rang", "Rango")),
    F("qmViews", "list", False, ("QM Views", "QM-Ansichten", "Vues QM", "Vistas de QM")),
    F("isReconcileOnly", "bool", False, ("Reconcile Only", "Nur Abgleich", "Rapprochement uniquement", "Solo conciliación")),
    F("scopetenant", "bool", False,
      ("Tenant-wide Scope", "Mandantenweiter Bereich", "Portée sur tout le locataire", "Ámbito de todo el inquilino")),
    F("acdId", "text", False, ("ACD ID", "ACD-ID", "ID ACD", "ID de ACD")),
    F("acdServerId", "integer", False, ("ACD Server ID", "ACD-Server-ID", "ID du serveur ACD", "ID del servidor ACD")),
)

# The basicInfo export: ID, names and employee number.
PERSON_BASIC_KEYS = ("personId", "firstName", "lastName", "employeeId")

FIELDS: dict[str, tuple[Field, ...]] = {"persons": PERSON_FIELDS, "groups": GROUP_FIELDS, "teams": TEAM_FIELDS}
TYPES = tuple(FIELDS)
ALIASES = {"users": "persons", "user": "persons", "person": "persons", "group": "groups", "team": "teams"}


def normalize_type(name: str) -> str | None:
    """The canonical import type ('persons', 'groups', 'teams') for a name or alias; None if unknown."""
    n = (name or "").strip().lower()
    n = ALIASES.get(n, n)
    return n if n in FIELDS else None


def _fold(text: str) -> str:
    return " ".join(text.split()).lower()


def _index(fields: tuple[Field, ...]) -> dict[str, Field]:
    out: dict[str, Field] = {}
    for f in fields:
        out[_fold(f.key)] = f
        for label in f.labels:
            out.setdefault(_fold(label), f)
    return out


_BY_NAME = {t: _index(fs) for t, fs in FIELDS.items()}
# The reference prints some keys with an "l" for an "I" ("acdld", "employeeld"); files copied from it work.
_TYPOS = {"acdld": "acdid", "employeeld": "employeeid"}


def field_by_name(import_type: str, name: str) -> Field | None:
    """The field a header cell or mapping names: its key or a label in any language, any case."""
    folded = _fold(name)
    return _BY_NAME[import_type].get(_TYPOS.get(folded, folded))


def field_by_key(import_type: str, key: str) -> Field | None:
    for f in FIELDS[import_type]:
        if f.key == key:
            return f
    return field_by_name(import_type, key)
