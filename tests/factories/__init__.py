"""Builders of test data for the workflow apps (plans in force, councils, passed items)."""
