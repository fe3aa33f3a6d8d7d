"""A CPTS's bank details: entered by the CPTS, verified by its CPAM, every change kept (docs/bank-details.md)."""
