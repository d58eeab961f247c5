"""Issue 12 §5 in Chromium: an HTML or SVG file a customer attaches on the portal, with a
script inside, never runs that script when an operator opens it in the back office origin
(/web/content, /web/image, in a tab or in a frame)."""
import base64
import uuid

from tests.browser.conftest import login, portal_login

SCRIPT = "alert('xss-%s')"


def test_customer_uploads_never_run_script_for_the_operator(page, odoo_server, admin_rpc,
                                                            tmp_path):
    tag = uuid.uuid4().hex[:6]
    html = tmp_path / ('pagina-%s.html' % tag)
    html.write_text('<html><body><h1>Ciao</h1><script>%s</script></body></html>' % (SCRIPT % tag))
    svg = tmp_path / ('disegno-%s.svg' % tag)
    svg.write_text('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
                   '<script>%s</script></svg>' % (SCRIPT % tag))
    # the customer opens a ticket with the two files
    portal_login(page, odoo_server, 'mario.rossi', 'mario.rossi')
    page.goto(odoo_server.url + '/my/tickets/new', wait_until='networkidle')
    page.select_option('select[name="center_id"]', label='Assistenza tecnica')
    page.fill('input[name="name"]', 'File allegati %s' % tag)
    page.fill('textarea[name="description"]', 'Vi mando la pagina e il disegno.')
    page.set_input_files('.o_ticket_new_form input[name="attachments"]', [str(html), str(svg)])
    page.click('.o_ticket_new_submit')
    page.wait_for_selector('.o_portal_ticket h4:has-text("%s")' % tag, timeout=60000)
    page.goto(odoo_server.url + '/web/session/logout', wait_until='networkidle')
    ids = admin_rpc('ir.attachment', 'search', [('datas_fname', 'in', [html.name, svg.name])])
    assert len(ids) == 2
    # control: an administrator's own HTML page (no document) does render, so the test would
    # see a script run
    control = admin_rpc('ir.attachment', 'create', {
        'name': 'controllo-%s.html' % tag, 'datas_fname': 'controllo-%s.html' % tag,
        'mimetype': 'text/html', 'datas': base64.b64encode(
            ('<html><body><script>alert("control-%s")</script></body></html>' % tag).encode()
        ).decode()})

    # an operator opens them
    dialogs = []
    page.on('dialog', lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    login(page, odoo_server, 'admin', 'admin')
    for attachment in [control] + ids:
        for route in ('/web/content/%d', '/web/image/%d', '/web/content/%d?download=false'):
            url = odoo_server.url + route % attachment
            try:
                page.goto(url, wait_until='load', timeout=30000)
            except Exception:
                pass  # a download aborts the navigation: nothing rendered, which is the point
            # in a frame of a back-office page (same origin, the operator's session)
            page.goto(odoo_server.url + '/web/login', wait_until='load')
            page.evaluate("(url) => { const frame = document.createElement('iframe'); "
                          "frame.src = url; document.body.appendChild(frame); }", url)
            page.wait_for_timeout(1500)
    assert 'control-%s' % tag in dialogs
    assert [d for d in dialogs if d == 'xss-%s' % tag] == []
