"""CDR sources: PBX feeds, their pulls and pushes, number rules and owned numbers."""
