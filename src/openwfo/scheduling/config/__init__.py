"""WFM configuration catalogues (`/api/rest/scheduling/config/...`)."""
