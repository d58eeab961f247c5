"""Framework-free logic of the marketing lists (SPEC M3): domain checks, snapshots and the
"what changed since you last looked" difference."""
from .domain import DomainError, parse_domain  # noqa: F401
from .snapshot import diff, keys_of  # noqa: F401
