"""Workflow rules (extension): how exception requests are decided; conditions may reference service queues."""
