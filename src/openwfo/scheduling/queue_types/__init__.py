"""Service queue types (extension): voice, chat, email, ... each with its contact type."""
