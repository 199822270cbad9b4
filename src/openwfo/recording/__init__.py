"""QM recording: contacts, media, imports, inclusion/exclusion lists, exports, monitoring."""
