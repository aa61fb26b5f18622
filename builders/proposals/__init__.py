"""Steps computed from raw text plus the gold corpus: first-pass annotations that a person reviews (`hague-claims
propose` writes them, `hague-claims review` accepts them). Nothing proposed is released until it is accepted."""
