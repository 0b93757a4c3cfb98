"""The PDF side of factsheet: everything here imports ReportLab, nothing else does."""
