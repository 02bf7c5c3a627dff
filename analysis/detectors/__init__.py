"""The detectors: each a plain function from a Document to spans (see analysis.pipeline)."""
