"""Organization: common."""
