"""The documented limits of the Bulk Report Data Export API (environment overrides in brackets).

- MAX_RECORDS: rows per export, as the reference says (10,000); more is truncated and said so.
- SYNC_BUDGET [OPENWFO_REPORT_SYNC_BUDGET]: an export whose rows × the report's cost stay within it
  is answered at once as CSV; a larger one runs as a job (default 20,000: a 10,000-row Contact
  Detail answers at once, Agent Adherence over more than 800 agent-days goes to a job).
- RESULT_KEEP_S [OPENWFO_REPORT_RESULT_KEEP_SECONDS]: a finished export's CSV is kept this long
  (default 24 h), then the request reads EXPIRED and the file is deleted.
- QUEUE_TIMEOUT_S [OPENWFO_REPORT_QUEUE_TIMEOUT_SECONDS]: a request not started within this time
  (default 1 h) is EXPIRED instead of run.
- RATE_PER_MINUTE [OPENWFO_REPORT_RATE_PER_MINUTE]: export requests a person may make per minute
  (default 30); the next one, and every one for BLACKLIST_S [OPENWFO_REPORT_BLACKLIST_SECONDS]
  (default 300 s) after it, is BLACKLISTED (429).
"""

from __future__ import annotations

import os


def _env(name: str, default: int) -> int:
    try:
        return int(os.environ.get(name, default))
    except ValueError:
        return default


MAX_RECORDS = 10_000
SYNC_BUDGET = _env("OPENWFO_REPORT_SYNC_BUDGET", 20_000)
RESULT_KEEP_S = _env("OPENWFO_REPORT_RESULT_KEEP_SECONDS", 24 * 3600)
QUEUE_TIMEOUT_S = _env("OPENWFO_REPORT_QUEUE_TIMEOUT_SECONDS", 3600)
RATE_PER_MINUTE = _env("OPENWFO_REPORT_RATE_PER_MINUTE", 30)
BLACKLIST_S = _env("OPENWFO_REPORT_BLACKLIST_SECONDS", 300)
# Synchronous request rows are only kept to count the rate; older ones are deleted.
SYNC_ROWS_KEEP_S = 3600
