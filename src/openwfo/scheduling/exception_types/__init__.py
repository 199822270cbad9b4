"""Exception Type APIs: GET /genericException, and (extension) create/update/delete in the same shape."""
