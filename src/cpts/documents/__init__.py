"""The documents of the agreement as PDF: contract, amendment, payment notice, recovery, termination
letter, review decision, early-mission adhesion form (docs/documents.md)."""
