"""Recording Controls API: pause, resume, tag, metadata, segment, screen-only recordings and phone
hoteling, acting on a person's live call (the in-progress contact of the real-time import)."""
