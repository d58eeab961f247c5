"""Framework-free logic of the contact pool, the visit planning and the sales dashboards
(SPEC S9-S11): plain values in, plain values out, no ORM."""
