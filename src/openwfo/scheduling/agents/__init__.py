"""Agent API: the scheduling-enabled agents a caller sees, and their settings; WFM fields of the Person APIs."""
