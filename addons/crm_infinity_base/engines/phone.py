"""Phone numbers as the caller lookup (SPEC B12) compares them: E.164, default country Italy."""
import phonenumbers

DEFAULT_REGION = 'IT'


def to_e164(number, region=DEFAULT_REGION):
    """``'+39 02 1234567'``, ``'0039 02 1234567'``, ``'02/1234567'`` -> ``'+39021234567'``.

    Returns None for text that is not a possible phone number.
    """
    if not number:
        return None
    text = str(number).strip()
    if text.startswith('00'):
        text = '+' + text[2:]
    try:
        parsed = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_possible_number(parsed):
        return None
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


def display(number, region=DEFAULT_REGION):
    """International display form, e.g. ``+39 02 123 4567``, or the text as given."""
    e164 = to_e164(number, region)
    if not e164:
        return number
    return phonenumbers.format_number(phonenumbers.parse(e164), phonenumbers.PhoneNumberFormat.INTERNATIONAL)
