"""Imports and exports: bulk organization upload, file export, mapped file import, import preferences."""

from __future__ import annotations


def routers() -> list:
    from .fileexport.endpoints import router as fileexport
    from .fileimport.endpoints import router as fileimport
    from .importpreference.endpoints import router as importpreference
    from .upload.endpoints import router as upload

    return [upload, fileexport, fileimport, importpreference]
