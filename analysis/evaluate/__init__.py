"""Accuracy against gold data: ``framing evaluate attribution|loaded``."""
