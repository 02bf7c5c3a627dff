"""Word lists and weight files: where they are read, and the cache of their parsed forms."""
