"""Service API (GET/POST) and Service Queue ID API (GET/PUT/DELETE)."""
