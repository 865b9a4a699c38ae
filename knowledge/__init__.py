"""The ward's FAQ knowledge base: entries, open-data CSV exchange, and hybrid retrieval."""
