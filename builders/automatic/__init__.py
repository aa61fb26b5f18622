"""Steps computed from raw text alone: documents, paragraphs, sentences, tokens, candidate pairs. They run for every document."""
