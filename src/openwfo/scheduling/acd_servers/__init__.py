"""ACD servers (extension): the `acdServerId` that persons and service queues carry."""
