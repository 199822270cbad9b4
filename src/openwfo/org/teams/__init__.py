"""Organization: teams."""
