"""Models of the iom app (see its issue)."""
