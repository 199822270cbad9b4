"""Organization: roles."""
