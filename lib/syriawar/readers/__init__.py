"""One reader per source format. A reader turns one source file into a canonical table; it knows nothing of charts."""
