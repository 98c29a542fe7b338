"""Job roles, competences, the competence matrix, training and awareness (7.2, 7.3)."""
