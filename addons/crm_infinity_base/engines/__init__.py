"""Framework-free logic of the CRM Infinity core: plain values in, plain values out, no ORM.

The models of crm_infinity_base (and of the other addons) are thin adapters around these.
"""
