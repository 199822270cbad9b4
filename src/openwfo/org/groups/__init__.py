"""Organization: groups."""
