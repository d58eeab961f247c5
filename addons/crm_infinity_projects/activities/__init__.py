"""Framework-free rules of the activities of a commessa (SPEC C2): finish-to-start dependencies
(no cycles, the waiting state) and what the assignee of an activity may change."""
