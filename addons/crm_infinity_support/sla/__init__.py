"""Framework-free SLA logic of the support addon: working-time arithmetic on a service center's
calendar (``calendar``), the SLA clock with pauses, warnings and breaches (``clock``) and the
choice of the policy that applies to a ticket (``matching``). Plain values in, plain values out,
no ORM: the models are thin adapters around these.
"""
from .calendar import (  # noqa: F401
    NoWorkingTime, WorkingCalendar, add_working_time, add_working_time_many, local_to_utc,
    utc_to_local, working_time_between)
from .clock import FAILED, MET, PAUSED, RUNNING, consumed, deadline, evaluate, used_hours, warn_at  # noqa: F401
from .matching import Policy, TicketFacts, match_policy  # noqa: F401
