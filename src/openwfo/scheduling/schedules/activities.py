"""Activity types: the reference's list, their labels, which need a queue, a group or a name, which
count as working a queue, and the defaults a written activity takes."""

from __future__ import annotations

LABELS: dict[str, str] = {
    "assignment": "Assignment",
    "available": "Available",
    "break": "Break",
    "closed_service": "Closed Service",
    "closed_service_msg": "Closed Service",
    "exception": "Exception",
    "in_service": "In Service",
    "in_service_msg": "In Service",
    "lunch": "Lunch",
    "not_available": "Not Available",
    "overtime": "Overtime",
    "overtime_msg": "Overtime",
    "project": "Project",
}
TYPES = tuple(LABELS)

# Activities on one service queue (serviceQueueId required) or one multi-skill group (multiSkillGroupId).
QUEUE_TYPES = frozenset({"in_service", "closed_service", "overtime"})
GROUP_TYPES = frozenset({"in_service_msg", "closed_service_msg", "overtime_msg"})
# Activities whose detail name is their own (break, lunch, exception, project name).
NAMED_TYPES = frozenset({"break", "lunch", "exception", "project"})
# Working a queue: what Available Agents and Agents Scheduled count. Closed service is time on a queue
# while it is closed, so it is neither available for contacts nor open.
WORKING_TYPES = frozenset({"in_service", "in_service_msg", "overtime", "overtime_msg"})

EXCEPTION = "exception"

# Colours of the activity colour catalogue (scheduling.config.colors), used when neither the activity,
# nor its queue or exception, gives one.
DEFAULT_COLORS: dict[str, str] = {
    "assignment": "#9B59B6",
    "available": "#2ECC71",
    "break": "#F2C500",
    "closed_service": "#808080",
    "closed_service_msg": "#808080",
    "exception": "#D35400",
    "in_service": "#7399BD",
    "in_service_msg": "#6666FF",
    "lunch": "#A3AD00",
    "not_available": "#C0C0C0",
    "overtime": "#E57E25",
    "overtime_msg": "#E57E25",
    "project": "#9B59B6",
}

UNPAID_BY_DEFAULT = frozenset({"lunch", "not_available"})


def normalize(value: str | None) -> str | None:
    """The stored type from what a client sends ("IN_SERVICE", "in_service", "In Service"); None if unknown."""
    if not isinstance(value, str):
        return None
    key = value.strip().lower().replace(" ", "_").replace("-", "_")
    return key if key in LABELS else None
