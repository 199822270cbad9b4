"""DNs (extension): dialled numbers a service queue is assigned for part of the day."""
