"""Multi-skill groups (extension): queues an agent works at once, with priorities, and the agents working them."""
