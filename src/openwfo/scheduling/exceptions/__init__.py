"""Exceptions (extension): the schedule activities an exception request places (name, paid, colour)."""
