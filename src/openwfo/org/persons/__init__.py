"""Organization: persons."""
