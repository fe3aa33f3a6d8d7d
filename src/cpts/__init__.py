"""CPTS: the ACI CPTS (accord conventionnel interprofessionnel and its avenant n° 2) as code."""
