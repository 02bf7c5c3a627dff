"""The project's version: in every record, report and stamp (a report is redone when it changes)."""
__version__ = "0.1.0"
