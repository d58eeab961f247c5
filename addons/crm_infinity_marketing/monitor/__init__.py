"""Framework-free figures of the marketing monitor (SPEC M10): throughput and time left."""
from .progress import eta_minutes, format_eta, per_minute, percent  # noqa: F401
