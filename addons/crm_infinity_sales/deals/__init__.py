"""Framework-free rules of the deals (trattative): phases and status types (SPEC S1, S5)."""
