"""Framework-free logic of the scheduled automatic rules (SPEC T6)."""
