"""External providers, their certificates, evaluations and corrective action requests (8.4)."""
