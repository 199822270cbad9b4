"""WFM views (extension): sets of service queues, skill mappings and agents."""
