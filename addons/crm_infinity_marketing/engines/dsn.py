"""Bounces: RFC 3464 delivery status notifications (``multipart/report;
report-type=delivery-status``) and the RFC 3463 enhanced status codes they carry, turned into
what the send ledger stores: the code, hard or soft, and the reason in Italian.

Plain Python (``email`` of the standard library only); ``parse`` takes the raw message (bytes,
str or ``email.message.Message``).

Hard or soft: the class digit decides (5 permanent = hard, 4 transient = soft), except where
practice says the failure is about the moment or about the sender, not the address: a full or
over-quota mailbox (x.2.2), a message too big (x.3.4 / x.2.3), a policy block (x.7.x: usually
the sending server's reputation) and a remote system problem (x.3.x, x.4.7) are soft. A soft
bounce turns hard after ``SOFT_TO_HARD`` bounces of the same address (``is_hard``).
"""
import email
import email.policy
import re
from email.message import Message

SOFT_TO_HARD = 3

# (status prefix, category, hard?, Italian reason); the longest matching prefix wins
CATEGORIES = [
    ('5.1.1', 'unknown_user', True, 'Indirizzo inesistente (utente sconosciuto)'),
    ('5.1.2', 'unknown_domain', True, 'Dominio inesistente'),
    ('5.1.3', 'bad_address', True, 'Indirizzo non valido'),
    ('5.1.6', 'moved', True, 'La casella è stata spostata'),
    ('5.1.10', 'unknown_user', True, 'Indirizzo inesistente (Null MX)'),
    ('5.1', 'bad_address', True, 'Indirizzo del destinatario non valido'),
    ('5.2.1', 'mailbox_disabled', True, 'Casella disattivata'),
    ('5.2.2', 'mailbox_full', False, 'Casella piena'),
    ('5.2.3', 'too_large', False, 'Messaggio troppo grande per il destinatario'),
    ('5.2', 'mailbox', True, 'Casella non disponibile'),
    ('5.3.4', 'too_large', False, 'Messaggio troppo grande'),
    ('5.3', 'remote_system', False, 'Errore del server del destinatario'),
    ('5.4.4', 'no_route', True, 'Dominio irraggiungibile (nessun server di posta)'),
    ('5.4.7', 'expired', False, 'Tempo di consegna scaduto'),
    ('5.4', 'network', False, 'Errore di rete o di instradamento'),
    ('5.5', 'protocol', True, 'Errore di protocollo'),
    ('5.6', 'content', True, 'Contenuto rifiutato'),
    ('5.7.1', 'blocked', False, 'Rifiutato dal server del destinatario (blocco o blacklist)'),
    ('5.7', 'blocked', False, 'Rifiutato per motivi di sicurezza o di politica'),
    ('5', 'permanent', True, 'Rifiuto permanente'),
    ('4.2.2', 'mailbox_full', False, 'Casella piena (nuovo tentativo in corso)'),
    ('4.4', 'network', False, 'Consegna rinviata: server del destinatario non raggiungibile'),
    ('4.7', 'blocked', False, 'Consegna rinviata per motivi di politica (greylisting)'),
    ('4', 'deferred', False, 'Consegna rinviata (errore temporaneo)'),
    ('2', 'delivered', False, 'Consegnato'),
]
# SMTP basic reply codes when no enhanced code is given
BASIC_CODES = {'550': '5.1.1', '551': '5.1.6', '552': '5.2.2', '553': '5.1.3', '554': '5.0.0',
               '450': '4.2.0', '451': '4.3.0', '452': '4.2.2', '421': '4.4.0'}
# what the diagnostic text says, when the code is generic (5.0.0, 550 5.0.0 ...)
TEXT_HINTS = [
    (re.compile(r'(user|mailbox|recipient|address)\s+(unknown|not found|does not exist|'
                r'doesn.t exist|unavailable)|no such (user|mailbox)|utente (inesistente|'
                r'sconosciuto)|invalid recipient', re.I), '5.1.1'),
    (re.compile(r'(mailbox|quota|casella)\s*(is\s+)?(full|exceeded|piena)|over quota|'
                r'insufficient storage', re.I), '5.2.2'),
    (re.compile(r'blacklist|blocklist|spamhaus|blocked|listed|rejected for policy|'
                r'spam', re.I), '5.7.1'),
]
STATUS_RE = re.compile(r'\b([245])\.(\d{1,3})\.(\d{1,3})\b')
BASIC_RE = re.compile(r'\b([45]\d\d)[\s-]')
ADDR_RE = re.compile(r'<?([^\s<>;@]+@[^\s<>;]+?)>?\s*$')


class Bounce:
    """One recipient of a DSN."""

    __slots__ = ('recipient', 'action', 'status', 'diagnostic', 'category', 'hard', 'reason',
                 'remote_mta')

    def __init__(self, recipient, action, status, diagnostic=None, remote_mta=None):
        self.recipient = recipient
        self.action = action
        self.diagnostic = diagnostic
        self.remote_mta = remote_mta
        self.status = status
        self.category, self.hard, self.reason = classify(status, diagnostic)

    @property
    def state(self):
        """The ledger state the notification gives: delivered, deferred or bounced."""
        if self.action in ('delivered', 'relayed', 'expanded') or self.status.startswith('2'):
            return 'delivered'
        if self.action == 'delayed' or self.status.startswith('4'):
            return 'deferred'
        return 'bounced'

    @property
    def bounce_type(self):
        if self.state == 'delivered':
            return None
        return 'hard' if self.hard else 'soft'

    def as_dict(self):
        return {name: getattr(self, name) for name in self.__slots__ + ('state', 'bounce_type')}

    def __repr__(self):
        return '<Bounce %s %s %s>' % (self.recipient, self.status, self.category)


class Report:
    """What a bounce message says: its recipients and the message that bounced."""

    def __init__(self, is_dsn, bounces, original_message_id=None, original_headers=None):
        self.is_dsn = is_dsn
        self.bounces = bounces
        self.original_message_id = original_message_id
        self.original_headers = original_headers or {}


def classify(status, diagnostic=None):
    """(category, hard, Italian reason) of an enhanced status code like ``5.1.1``."""
    status = status or '5.0.0'
    if status.endswith('.0.0') and diagnostic:
        hinted = _hint(diagnostic)
        if hinted and hinted[0] == status[0]:
            status = hinted
    for prefix, category, hard, reason in CATEGORIES:
        if status == prefix or status.startswith(prefix + '.'):
            return category, hard if status[0] == '5' else False, reason
    return 'permanent', status[0] == '5', 'Rifiuto permanente'


def _hint(text):
    for regex, code in TEXT_HINTS:
        if regex.search(text):
            return code
    return None


def status_from_text(text):
    """The enhanced code found in free text (an SMTP reply), else one derived from the basic
    SMTP code or from the words used; None if nothing looks like a failure."""
    if not text:
        return None
    match = STATUS_RE.search(text)
    if match:
        return '.'.join(match.groups())
    match = BASIC_RE.search(text)
    hinted = _hint(text)
    if match:
        code = BASIC_CODES.get(match.group(1), match.group(1)[0] + '.0.0')
        if code.endswith('.0.0') and hinted and hinted[0] == code[0]:
            return hinted
        return code
    return hinted


def is_hard(bounce_type, soft_count, threshold=SOFT_TO_HARD):
    """A hard bounce, or the ``threshold``-th soft one of the same address (``soft_count``
    counts this one), makes the address undeliverable."""
    return bounce_type == 'hard' or (bounce_type == 'soft' and soft_count >= threshold)


def _message(raw):
    if isinstance(raw, Message):
        return raw
    if isinstance(raw, str):
        raw = raw.encode('utf-8', 'replace')
    return email.message_from_bytes(raw, policy=email.policy.compat32)


def _fields(text):
    """The header blocks of a message/delivery-status body: a list of dicts (lower-case
    names), the first one per-message, the others per-recipient. Continuation lines folded."""
    blocks, current, last = [], {}, None
    for line in text.replace('\r\n', '\n').split('\n'):
        if not line.strip():
            if current:
                blocks.append(current)
            current, last = {}, None
            continue
        if line[0] in ' \t' and last:
            current[last] += ' ' + line.strip()
            continue
        if ':' in line:
            name, value = line.split(':', 1)
            last = name.strip().lower()
            current[last] = value.strip()
    if current:
        blocks.append(current)
    return blocks


def _typed_value(value):
    """'rfc822; a@b.it' -> 'a@b.it', 'smtp; 550 5.1.1 ...' -> '550 5.1.1 ...'."""
    if value and ';' in value:
        return value.split(';', 1)[1].strip()
    return (value or '').strip()


def _payload_text(part):
    payload = part.get_payload()
    if isinstance(payload, list):  # message/delivery-status parsed as a list of "messages"
        return '\n\n'.join(str(p).strip() for p in payload)
    data = part.get_payload(decode=True)
    if data is None:
        return payload or ''
    return data.decode(part.get_content_charset() or 'utf-8', 'replace')


def parse(raw):
    """The ``Report`` of a bounce message: a proper RFC 3464 DSN, or else a best effort on a
    non-standard one (the failed address and SMTP reply in the text, the original headers in an
    attached message). ``bounces`` is empty when the message is no bounce at all."""
    msg = _message(raw)
    status_part = headers_part = None
    for part in msg.walk():
        ctype = part.get_content_type()
        if ctype in ('message/delivery-status', 'message/global-delivery-status'):
            status_part = status_part or part
        elif ctype in ('message/rfc822', 'text/rfc822-headers', 'message/rfc822-headers',
                       'message/global-headers') and headers_part is None:
            headers_part = part
    original = _original_headers(headers_part)
    original_id = original.get('message-id')
    if status_part is not None:
        blocks = _fields(_payload_text(status_part))
        bounces = []
        for block in blocks[1:] or blocks:
            recipient = _typed_value(block.get('final-recipient')
                                     or block.get('original-recipient'))
            if not recipient:
                continue
            diagnostic = _typed_value(block.get('diagnostic-code')) or None
            status = (block.get('status') or '').strip().split(' ')[0]
            if not STATUS_RE.match(status or ''):
                status = status_from_text(diagnostic) or '5.0.0'
            elif status.endswith('.0.0') and diagnostic:
                status = status_from_text(diagnostic) or status
            bounces.append(Bounce(recipient.lower().strip('<>'),
                                  (block.get('action') or 'failed').lower(), status, diagnostic,
                                  _typed_value(block.get('remote-mta')) or None))
        return Report(True, bounces, original_id, original)
    return Report(False, _guess(msg), original_id, original)


def _original_headers(part):
    if part is None:
        return {}
    payload = part.get_payload()
    if isinstance(payload, list) and payload:
        inner = payload[0]
        return {k.lower(): str(v) for k, v in inner.items()}
    text = _payload_text(part)
    inner = email.message_from_string(text, policy=email.policy.compat32)
    return {k.lower(): str(v) for k, v in inner.items()}


GUESS_RE = re.compile(r'<?([A-Za-z0-9._%+\-]+@[A-Za-z0-9.\-]+\.[A-Za-z]{2,})>?:\s*'
                      r'(?:[^\n]{0,200}?\s)?((?:[45]\d\d)[\s-][^\n]*)')


def _guess(msg):
    """Non-RFC 3464 bounces (old qmail, Exchange text): '<a@b.it>: ... 550 5.1.1 ...'."""
    for part in msg.walk():
        if part.get_content_maintype() != 'text' or part.get_content_type() == 'text/rfc822-headers':
            continue
        text = _payload_text(part)
        match = GUESS_RE.search(text)
        if match:
            status = status_from_text(match.group(2)) or '5.0.0'
            return [Bounce(match.group(1).lower(), 'failed', status, match.group(2).strip())]
    return []
