"""Bounce messages as mail servers send them (Postfix-style RFC 3464 DSNs, a qmail text bounce),
shared by the engine tests and the mail gateway tests."""

DSN = """\
From: MAILER-DAEMON@mx.example.net (Mail Delivery System)
To: {to}
Subject: Undelivered Mail Returned to Sender
Message-Id: <{dsn_id}@mx.example.net>
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status;
	boundary="BOUNDARY"

--BOUNDARY
Content-Type: text/plain; charset=us-ascii

This is the mail system at host mx.example.net.
I'm sorry to have to inform you that your message could not be delivered.

--BOUNDARY
Content-Type: message/delivery-status

Reporting-MTA: dns; mx.example.net
X-Postfix-Queue-ID: 4ABC
Arrival-Date: Sun,  6 Dec 2026 07:00:00 +0100 (CET)

Final-Recipient: rfc822; {recipient}
Original-Recipient: rfc822;{recipient}
Action: {action}
Status: {status}
Remote-MTA: dns; mail.destinatario.it
Diagnostic-Code: smtp; {diagnostic}

--BOUNDARY
Content-Type: text/rfc822-headers

From: marketing@infinity.example
To: {recipient}
Subject: Novità di dicembre
Message-Id: {original_id}

--BOUNDARY--
"""

CASES = {
    'unknown_user': ('failed', '5.1.1', '550 5.1.1 <{r}>: Recipient address rejected: User unknown'),
    'mailbox_full': ('failed', '5.2.2', '552 5.2.2 <{r}>: Mailbox full'),
    'blocked': ('failed', '5.7.1', '554 5.7.1 Service unavailable; client host blocked using '
                                   'zen.spamhaus.org'),
    'deferred': ('delayed', '4.4.1', '421 4.4.1 Connection timed out'),
    'unknown_domain': ('failed', '5.1.2', '550 5.1.2 Host or domain name not found'),
}


def dsn(category, recipient, to='bounce@infinity.example', original_id='<orig@infinity>',
        dsn_id='dsn-1'):
    action, status, diagnostic = CASES[category]
    return DSN.format(to=to, recipient=recipient, action=action, status=status,
                      diagnostic=diagnostic.format(r=recipient), original_id=original_id,
                      dsn_id=dsn_id)


QMAIL = """\
From: MAILER-DAEMON@old.example.org
To: bounce@infinity.example
Subject: failure notice

Hi. This is the qmail-send program at old.example.org.
I'm afraid I wasn't able to deliver your message to the following addresses.
This is a permanent error; I've given up. Sorry it didn't work out.

<Mario.Rossi@Old.Example.org>:
host mx.old.example.org said: 550 sorry, no such user (#5.1.1)
"""
