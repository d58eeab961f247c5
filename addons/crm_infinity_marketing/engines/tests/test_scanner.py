from ..scanner import classify

CHROME = ('Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) '
          'Chrome/120.0 Safari/537.36')


def test_person():
    assert classify('GET', CHROME, seconds_since_sent=3600) is None
    assert classify('GET', CHROME, seconds_since_sent=None, kind='click') is None


def test_machines():
    assert classify('HEAD', CHROME, 3600) == 'head_request'
    assert classify('GET', '', 3600) == 'no_user_agent'
    assert classify('GET', 'Mozilla/5.0 (Windows NT 5.1; rv:11.0) Gecko Firefox/11.0 '
                           '(via ggpht.com GoogleImageProxy)', 3600) == 'image_proxy'
    assert classify('GET', 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 '
                           '(KHTML, like Gecko)', 3600) == 'image_proxy'
    assert classify('GET', 'Barracuda Sentinel (EE)', 3600) == 'scanner_agent'
    assert classify('GET', 'python-requests/2.31', 3600) == 'scanner_agent'
    assert classify('GET', CHROME, seconds_since_sent=2, kind='click') == 'prefetch'
    assert classify('GET', CHROME, 3600, kind='click', recent_other_links=2) == 'burst'


def test_an_open_right_after_sending_is_the_person():
    assert classify('GET', CHROME, seconds_since_sent=2, kind='open') is None
