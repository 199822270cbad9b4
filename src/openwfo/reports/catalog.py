"""The built-in Data Explorer reports: stable id and qname, name, typed columns, named parameters,
the permissions of the API that owns the data, and the queries (`repository.py`) that run them.

A qname is `RP1_<id>_0_<suffix>` as the reference writes them (Contacts by Team keeps the
reference's example `RP1_22_0_8o448kr6ll3sbkgvvfkj7`, Contact Detail `RP1_217_0_getk05bhup57b3nmd3il1`).
Text and Speech Hits (id 500) reads the analytics tables (`cas_text_hit`, `cas_speech_hit`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from . import repository as repo

QNAME_PREFIX = "RP1"


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    type: str  # integer | number | text | boolean | epochMs | date

    def as_wire(self) -> dict:
        return {"key": self.key, "label": self.label, "type": self.type}


def _as_id(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float) and value == value and float(value).is_integer() and 0 <= value < 2**63:
        return int(value)
    if isinstance(value, str) and value.strip().isdecimal() and len(value.strip()) < 19:
        return int(value.strip())
    return None


def _as_text(value: Any) -> str | None:
    if isinstance(value, str) and len(value) <= 200:
        return value.strip()
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(int(value)) if float(value).is_integer() else str(value)
    return None


@dataclass(frozen=True)
class Param:
    name: str
    kind: str  # value | date
    label: str
    value_type: str = "id"  # id | text (value parameters); epoch (date parameters)
    aliases: tuple[str, ...] = ()
    choices: tuple[str, ...] = ()
    description: str = ""

    def convert(self, item: Any) -> Any:
        if self.value_type == "id":
            return _as_id(item)
        text = _as_text(item)
        if text is None:
            return None
        if self.choices:
            folded = {c.lower().replace("_", ""): c for c in self.choices}
            return folded.get(text.lower().replace("_", "").replace(" ", ""))
        return text

    def as_wire(self) -> dict:
        out = {"name": self.name, "kind": "DATE" if self.kind == "date" else "VALUE", "label": self.label,
               "valueType": "epoch" if self.kind == "date" else self.value_type}
        if self.aliases:
            out["aliases"] = list(self.aliases)
        if self.choices:
            out["choices"] = list(self.choices)
        if self.description:
            out["description"] = self.description
        return out


@dataclass(frozen=True)
class Report:
    id: int
    suffix: str
    name: str
    description: str
    columns: tuple[Column, ...]
    params: tuple[Param, ...]
    permissions: tuple[str, ...]  # any of them; () = every caller (the data API itself scopes by caller)
    estimate: Callable  # (db, ctx, filters) -> estimated rows
    run: Callable  # (db, ctx, filters, offset, limit) -> (total rows, rows in column order)
    cost: float = 1.0  # work per row relative to a plain row read (decides sync or async)
    dynamic_columns: Callable | None = None  # (db) -> extra columns (Contact Detail's metadata)
    extra: dict = field(default_factory=dict)

    @property
    def qname(self) -> str:
        return f"{QNAME_PREFIX}_{self.id}_0_{self.suffix}"

    def all_columns(self, db) -> list[Column]:
        return [*self.columns, *(self.dynamic_columns(db) if self.dynamic_columns else [])]


TEAM = Param("pTeam", "value", "Team", "id", ("pTeamId",), description="team ids")
GROUP = Param("pGroup", "value", "Group", "id", ("pGroupId",), description="group ids")
AGENT = Param("pAgent", "value", "Agent", "id", ("pAgentId", "pPerson"), description="person ids")


def _date(name: str, label: str, what: str) -> Param:
    return Param(name, "date", label, "epoch", ("pDate",),
                 description=f"{what}: a Date Range in UNIX epoch (end exclusive, open end = from then on) "
                             "or Relative Date periods in the tenant's time zone")


_SEARCH = ("Search Contacts", "Administer QM")
_EVAL_READERS = ("Search Contacts", "Evaluate Contacts", "Approve Evaluations", "Administer QM")
_SCHEDULES = ("Plan Schedules", "Edit Schedules", "View Schedules", "Administer WFM")

C = Column
BUILTINS: tuple[Report, ...] = (
    Report(
        22, "8o448kr6ll3sbkgvvfkj7", "Contacts by Team",
        "Contacts per team of the contact (when it was taken): count, time, evaluations, first and last start.",
        (C("teamId", "Team ID", "integer"), C("teamName", "Team", "text"), C("groupId", "Group ID", "integer"),
         C("groupName", "Group", "text"), C("contacts", "Contacts", "integer"),
         C("totalDurationSeconds", "Total Duration (s)", "integer"),
         C("averageDurationSeconds", "Average Duration (s)", "number"),
         C("evaluatedContacts", "Evaluated Contacts", "integer"),
         C("averageEvaluationScore", "Average Evaluation Score", "number"),
         C("firstContactStart", "First Contact Start", "epochMs"),
         C("lastContactStart", "Last Contact Start", "epochMs")),
        (TEAM, GROUP, AGENT, _date("pContactStartTime", "Contact Start Time", "contact start"),
         Param("pContactType", "value", "Contact Type", "text", ("pMedium",),
               ("call", "email", "chat", "twitter", "facebook", "website", "other"))),
        _SEARCH, repo.contacts_by_team_estimate, repo.contacts_by_team, cost=2.0),
    Report(
        217, "getk05bhup57b3nmd3il1", "Contact Detail",
        "One row per contact with its agent, team, numbers, evaluation summary, events and metadata "
        "(a column metadata.<field> per metadata field of the tenant).",
        (C("contactId", "Contact ID", "integer"), C("startTime", "Start Time", "epochMs"),
         C("durationSeconds", "Duration (s)", "integer"), C("direction", "Direction", "text"),
         C("contactType", "Contact Type", "text"), C("workflowType", "Workflow Type", "text"),
         C("ani", "ANI", "text"), C("dnis", "DNIS", "text"), C("callId", "Call ID", "text"),
         C("agentId", "Agent ID", "integer"), C("agentName", "Agent", "text"),
         C("teamId", "Team ID", "integer"), C("teamName", "Team", "text"),
         C("groupId", "Group ID", "integer"), C("groupName", "Group", "text"),
         C("evaluationScore", "Evaluation Score", "number"), C("evaluated", "Evaluated", "boolean"),
         C("hasRecording", "Has Recording", "boolean"), C("silenceEvents", "Silence Events", "integer"),
         C("talkOverEvents", "Talk-over Events", "integer")),
        (TEAM, GROUP, AGENT, _date("pContactStartTime", "Contact Start Time", "contact start"),
         Param("pContactType", "value", "Contact Type", "text", ("pMedium",),
               ("call", "email", "chat", "twitter", "facebook", "website", "other")),
         Param("pDirection", "value", "Direction", "text", (), ("inbound", "outbound"))),
        _SEARCH, repo.contact_detail_estimate, repo.contact_detail, cost=1.0,
        dynamic_columns=repo.metadata_columns),
    Report(
        301, "q7ev4lsc0r3s9ek2m5d1a", "Evaluation Scores",
        "One row per question of each evaluation, with its section score and the evaluation's score.",
        (C("evaluationId", "Evaluation ID", "integer"), C("contactId", "Contact ID", "integer"),
         C("formId", "Form ID", "integer"), C("formName", "Form", "text"),
         C("agentId", "Agent ID", "integer"), C("agentName", "Agent", "text"),
         C("teamId", "Team ID", "integer"), C("teamName", "Team", "text"),
         C("evaluatorId", "Evaluator ID", "integer"), C("evaluatorName", "Evaluator", "text"),
         C("state", "State", "text"), C("evaluatedTime", "Evaluated Time", "epochMs"),
         C("evaluationScore", "Evaluation Score", "number"), C("kpiFailed", "KPI Failed", "boolean"),
         C("sectionId", "Section ID", "integer"), C("sectionName", "Section", "text"),
         C("sectionScore", "Section Score", "number"), C("questionId", "Question ID", "integer"),
         C("questionText", "Question", "text"), C("answer", "Answer", "text"),
         C("answerPoints", "Answer Points", "number"), C("comment", "Comment", "text")),
        (TEAM, AGENT, Param("pForm", "value", "Evaluation Form", "id", ("pFormId",)),
         Param("pEvaluator", "value", "Evaluator", "id", ("pEvaluatorId",)),
         Param("pState", "value", "Evaluation State", "text", ("pEvaluationState",),
               ("scored", "inProgress", "needsApproval", "approved")),
         _date("pEvaluatedTime", "Evaluated Time", "time evaluated")),
        _EVAL_READERS, repo.evaluation_scores_estimate, repo.evaluation_scores, cost=1.5),
    Report(
        402, "adh3r7nc9p4g2x8k1v6qz", "Agent Adherence",
        "Schedule adherence and conformance per agent and day (tenant time zone), as the Adherence API "
        "computes them. Default: today; at most 92 days.",
        (C("date", "Date", "date"), C("agentId", "Agent ID", "integer"), C("agentName", "Agent", "text"),
         C("acdAgentId", "ACD Agent ID", "text"), C("teamId", "Team ID", "integer"), C("teamName", "Team", "text"),
         C("scheduleAdherence", "Schedule Adherence (%)", "number"),
         C("scheduleConformity", "Schedule Conformity (%)", "number"),
         C("scheduledSeconds", "Scheduled (s)", "integer"),
         C("scheduledInServiceSeconds", "Scheduled In Service (s)", "integer"),
         C("actualInServiceSeconds", "Actual In Service (s)", "integer"),
         C("notInAdherenceSeconds", "Not In Adherence (s)", "integer")),
        (TEAM, AGENT, _date("pDay", "Day", "days touched")),
        (), repo.adherence_estimate, repo.agent_adherence, cost=25.0),
    Report(
        405, "st4t3d3ta1lr9q2w8e7yx", "Agent State Detail",
        "Each agent state with its start, end and duration (the state in force at the range start first). "
        "Default: today; at most 31 days.",
        (C("agentId", "Agent ID", "integer"), C("agentName", "Agent", "text"),
         C("acdAgentId", "ACD Agent ID", "text"), C("teamId", "Team ID", "integer"), C("teamName", "Team", "text"),
         C("state", "State", "text"), C("gisStateIdentifier", "GIS State", "integer"),
         C("reasonCode", "Reason Code", "text"), C("startTime", "Start Time", "epochMs"),
         C("endTime", "End Time", "epochMs"), C("durationSeconds", "Duration (s)", "integer")),
        (TEAM, AGENT, Param("pState", "value", "Agent State", "text", (),
                            ("LOGGED_OUT", "READY_WAITING", "TALK", "WORK_AFTER_CONTACT", "HOLD", "NOT_READY_BUSY")),
         _date("pStateTime", "State Time", "states in force")),
        ("Administer WFM",), repo.agent_states_estimate, repo.agent_state_detail, cost=2.0),
    Report(
        410, "sch3dact1v1t13s5m2n8b", "Schedule Activities",
        "Every scheduled activity overlapping the range, with its agent, queue or group and exception.",
        (C("activityId", "Activity ID", "integer"), C("agentId", "Agent ID", "integer"),
         C("agentName", "Agent", "text"), C("teamId", "Team ID", "integer"), C("teamName", "Team", "text"),
         C("shiftDate", "Shift Date", "date"), C("activityType", "Activity Type", "text"),
         C("activityDetailName", "Activity", "text"), C("startTime", "Start Time", "epochMs"),
         C("endTime", "End Time", "epochMs"), C("durationMinutes", "Duration (min)", "number"),
         C("paid", "Paid", "boolean"), C("serviceQueueId", "Service Queue ID", "integer"),
         C("serviceQueueName", "Service Queue", "text"), C("multiSkillGroupId", "Multi-skill Group ID", "integer"),
         C("exceptionId", "Exception ID", "integer"), C("exceptionRequestId", "Exception Request ID", "integer")),
        (TEAM, AGENT, Param("pActivityType", "value", "Activity Type", "text"),
         Param("pServiceQueue", "value", "Service Queue", "id", ("pServiceQueueId", "pQueue")),
         _date("pActivityTime", "Activity Time", "activities overlapping")),
        _SCHEDULES, repo.schedule_activities_estimate, repo.schedule_activities, cost=1.0),
    Report(
        420, "exc3pt10nr3q5t7u9w1k4", "Exception Requests",
        "Exception requests with their status and who or which workflow rule decided them.",
        (C("requestId", "Request ID", "integer"), C("agentId", "Agent ID", "integer"),
         C("agentName", "Agent", "text"), C("teamId", "Team ID", "integer"), C("teamName", "Team", "text"),
         C("exceptionTypeId", "Exception Type ID", "integer"), C("exceptionTypeName", "Exception Type", "text"),
         C("shiftDate", "Shift Date", "date"), C("startTime", "Start Time", "epochMs"),
         C("endTime", "End Time", "epochMs"), C("entireDay", "Entire Day", "boolean"),
         C("status", "Status", "text"), C("comment", "Comment", "text"),
         C("requestedById", "Requested By ID", "integer"), C("decidedById", "Decided By ID", "integer"),
         C("ruleName", "Workflow Rule", "text"), C("decisionComment", "Decision Comment", "text"),
         C("createdTime", "Created", "epochMs"), C("decidedTime", "Decided", "epochMs")),
        (TEAM, AGENT, Param("pStatus", "value", "Status", "text", (), ("pending", "approved", "denied")),
         Param("pExceptionType", "value", "Exception Type", "id", ("pExceptionTypeId",)),
         _date("pRequestTime", "Request Time", "requests overlapping")),
        ("Administer WFM", "Edit Schedules"), repo.exception_requests_estimate, repo.exception_requests, cost=1.0),
    Report(
        430, "svcq4h1st0ry8i2o6p3l5", "Service Queue History",
        "Interval history of the visible service queues (GIS and WHIT imports).",
        (C("serviceQueueId", "Service Queue ID", "integer"), C("serviceNumber", "Service Number", "integer"),
         C("serviceName", "Service", "text"), C("date", "Date", "date"), C("period", "Period", "text"),
         C("startTime", "Start Time", "epochMs"), C("receivedCalls", "Received", "integer"),
         C("handledCalls", "Handled", "integer"), C("abandonedCalls", "Abandoned", "integer"),
         C("transferredCalls", "Transferred", "integer"), C("avgTalkTime", "Average Talk (s)", "number"),
         C("avgACWTime", "Average ACW (s)", "number"), C("ASA", "ASA (s)", "number"),
         C("contactsInQueue", "Contacts In Queue", "integer"), C("occupancyRatio", "Occupancy (%)", "number"),
         C("serviceLevel", "Service Level (%)", "number"), C("qtyOfAgents", "Agents", "number")),
        (Param("pServiceQueue", "value", "Service Queue", "id", ("pServiceQueueId", "pQueue")),
         _date("pIntervalTime", "Interval Start", "intervals starting")),
        ("Plan Schedules", "Administer WFM", "Service User", "Bulk Import"),
        repo.queue_history_estimate, repo.queue_history, cost=1.0),
    Report(
        500, "t3xtsp33chh1ts4k9m2q7", "Text and Speech Hits",
        "Each category phrase found in a contact's text (offset and length in characters) or speech (channel, "
        "offset and length in ms, confidence).",
        (C("contactId", "Contact ID", "integer"), C("contactStart", "Contact Start", "epochMs"),
         C("agentId", "Agent ID", "integer"), C("agentName", "Agent", "text"), C("teamId", "Team ID", "integer"),
         C("teamName", "Team", "text"), C("source", "Source", "text"), C("categoryId", "Category ID", "integer"),
         C("categoryName", "Category", "text"), C("phraseId", "Phrase ID", "integer"), C("phrase", "Phrase", "text"),
         C("channel", "Channel", "integer"), C("offset", "Offset", "integer"), C("length", "Length", "integer"),
         C("confidence", "Confidence", "number")),
        (TEAM, AGENT, Param("pCategory", "value", "Category", "id", ("pCategoryId",)),
         Param("pPhrase", "value", "Phrase", "id", ("pPhraseId",)),
         Param("pSource", "value", "Source", "text", (), ("text", "speech")),
         _date("pContactStartTime", "Contact Start Time", "contact start")),
        ("View Audio Analytics",), repo.hits_estimate, repo.text_speech_hits, cost=1.0),
)
BY_ID: dict[int, Report] = {r.id: r for r in BUILTINS}
BY_QNAME: dict[str, Report] = {r.qname.lower(): r for r in BUILTINS}
