"""From an article file to a Document: reading, spans, paragraphs, sentences, word tokens."""
