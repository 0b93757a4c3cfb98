"""The PDF side of factsheet: only modules here import ReportLab; page.py is the entry."""
