"""Historical interval data of service queues: GIS and WHIT imports, the stored history and its reads.

`repository.intervals_for(db, queue_ids, from_ms, to_ms)` is the read a forecasting engine uses.
"""

from .endpoints import routers
from .repository import intervals_for

__all__ = ["intervals_for", "routers"]
