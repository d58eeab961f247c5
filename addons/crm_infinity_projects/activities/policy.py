"""What the assignee of an activity may change of it (Sicurweb: status, notes, attachments,
time); the commessa manager, the owner of an activity of a company and the CRM administrator
change everything."""

# the status, the notes, the time (timesheet lines, remaining estimate) and what the web
# client writes when he attaches a file or follows the activity
ASSIGNEE_FIELDS = frozenset([
    'crm_state', 'description', 'notes', 'timesheet_ids', 'remaining_hours', 'kanban_state',
    'displayed_image_id', 'message_follower_ids', 'message_partner_ids', 'message_channel_ids',
    'message_main_attachment_id', 'activity_ids',
])


def forbidden_fields(field_names, full_access):
    """The fields of ``field_names`` the user may not write: none with full access."""
    if full_access:
        return []
    return sorted(set(field_names) - ASSIGNEE_FIELDS)
