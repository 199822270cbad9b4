"""User API (persons with their login names) and, as an extension, the WFM views a person holds."""
