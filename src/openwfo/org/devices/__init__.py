"""Phones and extensions associated with persons (Device Association import, a person's devices)."""
