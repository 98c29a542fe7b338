"""Infrastructure and monitoring and measuring equipment: maintenance and calibration (7.1.3, 7.1.5)."""
