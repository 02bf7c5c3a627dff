"""Word lists and weight files: where they are read, and the cache of their parsed forms.

``files``: the project's own data (``analysis/data/``: word lists, tables, JSON weights);
``thirdparty``: the lexicons of installed packages (VADER, TextBlob's pattern and Brill lexicons);
``cache``: parsed forms kept between processes.
"""
