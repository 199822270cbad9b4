"""Organization: permissions."""
