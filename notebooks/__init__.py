"""The project's notebooks, installed with the library as the package ``analysis._notebooks``
(see ``pyproject.toml``); ``analysis.notebooks`` finds them. Nothing to import here."""
