"""The activity colour catalogue (`GET /api/rest/scheduling/config/color`)."""
