"""Organization: tenants."""
