"""Retention (recording workflows' retention days enforced by a periodic sweep), legal hold, GDPR
erasure of one contact, and the audit of what was purged."""
