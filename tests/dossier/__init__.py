"""Tests of the PDF dossier renderer (plain data in, PDF out)."""
