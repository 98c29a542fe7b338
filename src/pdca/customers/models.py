"""Customers, their feedback and complaints, satisfaction surveys with NPS and CSAT (8.2.1, 9.1.2)."""
