"""Orders (приказы): see issue 7."""
