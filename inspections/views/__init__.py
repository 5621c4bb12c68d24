"""Inspection pages, one module per part of the workflow."""
