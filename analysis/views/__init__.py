"""What a reader sees: the article report, the marked article, charts, validation tables, pages."""
