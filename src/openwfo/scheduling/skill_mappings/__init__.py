"""Skill Mapping API and Skill Mapping ID API: ACD skill groups tied to queues (with priority) and agents."""
