"""Is a hit on the open pixel or on a tracked link the person, or a machine?

Security gateways fetch every link of a message within seconds of delivery (some with HEAD
requests), link previewers and bots announce themselves in the User-Agent, and image proxies
(Gmail's, Apple Mail Privacy Protection, Yahoo's) load the pixel for everybody, whether the
person reads the message or not. Such hits are recorded as scanner hits, not as the person's
opens and clicks. Plain Python: ``classify`` takes the request's facts and returns a reason
code, or None for a human-looking hit.
"""
import re

# known scanners, link previewers and HTTP libraries (lower-case substrings of the User-Agent)
SCANNER_AGENTS = (
    'barracuda', 'mimecast', 'proofpoint', 'symantec', 'messagelabs', 'trendmicro',
    'trend micro', 'forcepoint', 'zscaler', 'sophos', 'fortinet', 'fortiguard', 'cisco',
    'ironport', 'safelinks', 'safe links', 'microsoft office existence discovery', 'bingpreview',
    'msnbot', 'googlebot', 'google-safety', 'google-read-aloud', 'yandexbot', 'bot/', 'bot;',
    'crawler', 'spider', 'facebookexternalhit', 'linkedinbot', 'slackbot', 'twitterbot',
    'whatsapp', 'telegrambot', 'skypeuripreview', 'discordbot', 'python-requests',
    'python-urllib', 'aiohttp', 'curl/', 'wget/', 'go-http-client', 'java/', 'okhttp',
    'libwww-perl', 'httpclient', 'headlesschrome', 'phantomjs', 'preview', 'scanner',
    'virustotal', 'urlscan',
)
# image proxies: they fetch the pixel on behalf of (or without) the reader
PROXY_AGENTS = (
    ('googleimageproxy', 'image_proxy'),
    ('ggpht.com', 'image_proxy'),
    ('yahoomailproxy', 'image_proxy'),
    ('apple mail privacy', 'image_proxy'),
)
# Apple Mail Privacy Protection fetches with a bare WebKit UA carrying no browser token
APPLE_MPP_RE = re.compile(r'^Mozilla/5\.0 \(Macintosh; Intel Mac OS X [\d_]+\) '
                          r'AppleWebKit/[\d.]+ \(KHTML, like Gecko\)$')
PREFETCH_SECONDS = 10      # a click this soon after sending is a gateway's pre-fetch
BURST_SECONDS = 2          # several different links clicked within this time: a crawler


def classify(method='GET', user_agent=None, seconds_since_sent=None, kind='open',
             recent_other_links=0):
    """The reason a hit is a machine's (``head_request``, ``no_user_agent``, ``scanner_agent``,
    ``image_proxy``, ``prefetch``, ``burst``), or None when it looks like the person.

    ``kind``: 'open' or 'click'; ``recent_other_links``: how many other links of the same
    message this recipient hit within ``BURST_SECONDS``."""
    if (method or 'GET').upper() == 'HEAD':
        return 'head_request'
    agent = (user_agent or '').strip()
    if not agent:
        return 'no_user_agent'
    lower = agent.lower()
    for needle, reason in PROXY_AGENTS:
        if needle in lower:
            return reason
    if APPLE_MPP_RE.match(agent):
        return 'image_proxy'
    if any(needle in lower for needle in SCANNER_AGENTS):
        return 'scanner_agent'
    if kind == 'click':
        # opens right after delivery are common (the person reads his inbox); clicks that fast
        # are a gateway following every link
        if seconds_since_sent is not None and 0 <= seconds_since_sent < PREFETCH_SECONDS:
            return 'prefetch'
        if recent_other_links:
            return 'burst'
    return None
