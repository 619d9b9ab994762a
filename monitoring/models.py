"""Models of the monitoring app (see its issue)."""
