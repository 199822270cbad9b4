"""Objects written to storage on behalf of a database transaction.

Media are stored before the rows that name them are committed. If that transaction then ends
without committing (an error, a failed COMMIT, a session closed early), the objects would be
orphans: `stored_in_transaction` records them on the session, and they are deleted when the
outermost transaction ends without a commit.
"""

from __future__ import annotations

import logging

from sqlalchemy import event
from sqlalchemy.orm import Session

from .base import Storage, StorageError

log = logging.getLogger("openwfo.storage")
_PENDING = "openwfo.storage.pending"
_HOOKED = "openwfo.storage.hooked"


def stored_in_transaction(db: Session, storage: Storage, key: str) -> None:
    """Delete `key` from `storage` unless the session's current transaction commits."""
    if not db.info.get(_HOOKED):
        event.listen(db, "after_commit", _committed)
        event.listen(db, "after_transaction_end", _ended)
        db.info[_HOOKED] = True
    db.info.setdefault(_PENDING, []).append((storage, key))


def forget(db: Session, key: str) -> None:
    """`key` has been dealt with (deleted by the caller): nothing to undo for it."""
    pending = db.info.get(_PENDING)
    if pending:
        db.info[_PENDING] = [(s, k) for s, k in pending if k != key]


def _committed(session: Session) -> None:
    session.info.pop(_PENDING, None)


def _ended(session: Session, transaction) -> None:
    if transaction.parent is not None or transaction.nested:
        return
    pending = session.info.pop(_PENDING, None)
    for storage, key in pending or ():
        try:
            storage.delete(key)
        except (StorageError, OSError, Exception) as exc:  # cleanup is best effort
            log.warning("could not delete orphaned media %s: %s", key, exc)


_AFTER = "openwfo.storage.after_commit"


def delete_after_commit(db: Session, storage: Storage, keys: list[str]) -> None:
    """Delete `keys` from `storage` once the session's transaction commits (rows removed first,
    files second: a failed commit leaves both; a failed delete leaves an orphan the sweep removes)."""
    if not keys:
        return
    if _AFTER not in db.info:
        db.info[_AFTER] = []
        event.listen(db, "after_commit", _delete_committed)
        event.listen(db, "after_soft_rollback", _forget_deletions)
    db.info[_AFTER] += [(storage, k) for k in keys]


def _delete_committed(session: Session) -> None:
    for storage, key in session.info.pop(_AFTER, None) or ():
        try:
            storage.delete(key)
        except Exception as exc:  # the orphan sweep retries: the key is no longer referenced
            log.warning("could not delete media %s of a removed contact: %s", key, exc)
    session.info[_AFTER] = []


def _forget_deletions(session: Session, previous_transaction) -> None:
    session.info[_AFTER] = []
