"""Mail merge of the offer templates (SPEC S7), sandboxed.

A template is text (HTML in practice) with two kinds of tags:

* ``{{ quote.name }}``: the value of a field, an identifier path of the schema below;
* ``{% for line in lines %}`` ... ``{% endfor %}``: its body once per item of a list of the
  schema (the detail lines); loops do not nest.

Nothing else is code: no expressions, no filters, no calls, no attribute access. A path is
looked up key by key in plain dicts built by the caller, and checked against ``SCHEMA`` before
rendering, so a template reaches only the whitelisted values (``__class__`` and friends are not
even valid names). Errors are ``TemplateError`` with a ``kind``, the ``field`` concerned and the
template ``line``: the caller turns them into a message for the user.
"""
import html
import re

# The variables a template may use. A tuple: a record with these fields; LIST: a list of
# records with these fields; SCALAR: a plain value.
SCALAR = None


class LIST(tuple):
    """The fields of each item of a list variable."""


SCHEMA = {
    'today': SCALAR,
    'company': ('name', 'vat', 'street', 'zip', 'city', 'state', 'country', 'phone', 'email',
                'website'),
    'customer': ('name', 'vat', 'fiscal_code', 'street', 'zip', 'city', 'state', 'country',
                 'phone', 'email', 'ref'),
    'contact': ('name', 'title', 'function', 'email', 'phone'),
    'salesperson': ('name', 'email', 'phone'),
    'deal': ('name', 'phase', 'status', 'opening_date', 'expected_revenue'),
    'quote': ('name', 'date', 'validity_date', 'payment_term', 'client_reference', 'note',
              'currency', 'amount_untaxed', 'amount_tax', 'amount_total'),
    'totals': ('untaxed', 'tax', 'total', 'currency'),
    'lines': LIST(('number', 'code', 'product', 'description', 'quantity', 'uom', 'price_unit',
                   'discount', 'taxes', 'subtotal')),
}

# what a template may hold and produce, so that a template (or a quote with absurdly many
# lines) cannot exhaust the server
MAX_TEMPLATE_SIZE = 200000
MAX_ITEMS = 10000
MAX_OUTPUT_SIZE = 20000000

NAME = r'[A-Za-z][A-Za-z0-9_]*'
PATH_RE = re.compile(r'^%s(?:\.%s)*$' % (NAME, NAME))
FOR_RE = re.compile(r'^for\s+(%s)\s+in\s+(%s)$' % (NAME, NAME))
TAG_RE = re.compile(r'\{\{(.*?)\}\}|\{%(.*?)%\}', re.S)
ROW_RE = re.compile(r'<tr\b[^>]*>(?:(?!<tr\b).)*?</tr>', re.S | re.I)


class TemplateError(Exception):
    """A template that cannot be merged.

    ``kind``: 'syntax' (malformed or unknown tag, ``detail`` says which), 'unknown_field'
    (``field`` is the path), 'not_a_list' / 'not_a_value' (``field`` used the wrong way),
    'nested_loop', 'unclosed_loop', 'unexpected_endfor', 'too_large'.
    """

    def __init__(self, kind, field=None, line=None, detail=None):
        super().__init__(kind, field, line, detail)
        self.kind = kind
        self.field = field
        self.line = line
        self.detail = detail

    def __str__(self):
        where = ' (line %s)' % self.line if self.line else ''
        return '%s: %s%s' % (self.kind, self.field or self.detail or '', where)


class _Var:
    __slots__ = ('path', 'line')

    def __init__(self, path, line):
        self.path, self.line = path, line


class _For:
    __slots__ = ('name', 'collection', 'body', 'line')

    def __init__(self, name, collection, line):
        self.name, self.collection, self.body, self.line = name, collection, [], line


def parse(text):
    """The template's nodes (text, ``_Var`` and ``_For``); raise TemplateError on bad syntax."""
    text = text or ''
    if len(text) > MAX_TEMPLATE_SIZE:
        raise TemplateError('too_large')
    nodes = []
    stack = [nodes]
    loop = None
    pos = 0
    for match in TAG_RE.finditer(text):
        line = text.count('\n', 0, match.start()) + 1
        _check_stray(text[pos:match.start()], line)
        if match.start() > pos:
            stack[-1].append(text[pos:match.start()])
        pos = match.end()
        if match.group(1) is not None:
            expr = match.group(1).strip()
            if not PATH_RE.match(expr):
                raise TemplateError('syntax', line=line, detail='{{%s}}' % match.group(1))
            stack[-1].append(_Var(expr.split('.'), line))
            continue
        statement = ' '.join(match.group(2).split())
        for_match = FOR_RE.match(statement)
        if for_match:
            if loop is not None:
                raise TemplateError('nested_loop', field=for_match.group(2), line=line)
            loop = _For(for_match.group(1), for_match.group(2), line)
            stack[-1].append(loop)
            stack.append(loop.body)
        elif statement == 'endfor':
            if loop is None:
                raise TemplateError('unexpected_endfor', line=line)
            stack.pop()
            loop = None
        else:
            raise TemplateError('syntax', line=line, detail='{%%%s%%}' % match.group(2))
    _check_stray(text[pos:], text.count('\n', 0, pos) + 1)
    if pos < len(text):
        stack[-1].append(text[pos:])
    if loop is not None:
        raise TemplateError('unclosed_loop', field=loop.collection, line=loop.line)
    return nodes


def _check_stray(chunk, line):
    """An opening ``{{``/``{%`` left without its closing brace is a syntax error."""
    for opener in ('{{', '{%'):
        at = chunk.find(opener)
        if at >= 0:
            raise TemplateError('syntax', line=line + chunk.count('\n', 0, at),
                                detail=chunk[at:at + 40])


def check(nodes, schema=None):
    """Raise TemplateError if the nodes use a variable or field the schema does not have."""
    schema = SCHEMA if schema is None else schema
    _check_nodes(nodes, schema, {})


def _check_nodes(nodes, schema, loop_vars):
    for node in nodes:
        if isinstance(node, _Var):
            kind = _lookup_kind(node.path, schema, loop_vars, node.line)
            if kind != 'value':
                raise TemplateError('not_a_value', field='.'.join(node.path), line=node.line)
        elif isinstance(node, _For):
            if node.name in schema:
                raise TemplateError('syntax', line=node.line,
                                    detail='for %s in %s' % (node.name, node.collection))
            if node.collection not in schema:
                raise TemplateError('unknown_field', field=node.collection, line=node.line)
            spec = schema[node.collection]
            if not isinstance(spec, LIST):
                raise TemplateError('not_a_list', field=node.collection, line=node.line)
            _check_nodes(node.body, schema, dict(loop_vars, **{node.name: spec}))


def _lookup_kind(path, schema, loop_vars, line):
    """'value' if the path names a printable value; raise TemplateError if it names nothing."""
    root, rest = path[0], path[1:]
    if root in loop_vars:
        spec = tuple(loop_vars[root])
    elif root in schema:
        spec = schema[root]
    else:
        raise TemplateError('unknown_field', field='.'.join(path), line=line)
    if isinstance(spec, LIST):
        if rest:
            raise TemplateError('unknown_field', field='.'.join(path), line=line)
        return 'list'
    if spec is SCALAR:
        if rest:
            raise TemplateError('unknown_field', field='.'.join(path), line=line)
        return 'value'
    if len(rest) != 1 or rest[0] not in spec:
        if not rest:
            return 'record'
        raise TemplateError('unknown_field', field='.'.join(path), line=line)
    return 'value'


def render(text, context, schema=None, html_escape=True):
    """Merge the template with ``context`` (plain dicts and lists following the schema).

    Values are converted with ``str`` (None and False give nothing) and, when ``html_escape``,
    escaped for HTML with line breaks as ``<br/>``.
    """
    nodes = parse(expand_rows(text))
    check(nodes, schema)
    out = []
    size = [0]
    _render_nodes(nodes, context, {}, out, size, html_escape)
    return ''.join(out)


def compile_template(text, schema=None, html_escape=True):
    """Parse and check a template once, merge it many times (a mass mailing): returns a function
    ``context -> text`` behaving like ``render``."""
    nodes = parse(expand_rows(text, schema))
    check(nodes, schema)

    def merge(context):
        out = []
        _render_nodes(nodes, context, {}, out, [0], html_escape)
        return ''.join(out)

    return merge


def _render_nodes(nodes, context, loop_vars, out, size, html_escape):
    for node in nodes:
        if isinstance(node, str):
            _emit(node, out, size)
        elif isinstance(node, _Var):
            value = _resolve(node, context, loop_vars)
            _emit(_format(value, html_escape), out, size)
        else:
            items = context.get(node.collection)
            if not isinstance(items, (list, tuple)):
                raise TemplateError('not_a_list', field=node.collection, line=node.line)
            if len(items) > MAX_ITEMS:
                raise TemplateError('too_large', field=node.collection, line=node.line)
            for item in items:
                _render_nodes(node.body, context, dict(loop_vars, **{node.name: item}), out,
                              size, html_escape)


def _resolve(node, context, loop_vars):
    root = node.path[0]
    value = loop_vars[root] if root in loop_vars else context.get(root)
    for name in node.path[1:]:
        # plain dicts only: never getattr, so no object of the caller is ever reached
        if not isinstance(value, dict) or name not in value:
            raise TemplateError('unknown_field', field='.'.join(node.path), line=node.line)
        value = value[name]
    if isinstance(value, (dict, list, tuple)) or callable(value):
        raise TemplateError('not_a_value', field='.'.join(node.path), line=node.line)
    return value


def _format(value, html_escape):
    if value is None or value is False:
        return ''
    text = str(value)
    if html_escape:
        text = html.escape(text).replace('\n', '<br/>')
    return text


def _emit(text, out, size):
    size[0] += len(text)
    if size[0] > MAX_OUTPUT_SIZE:
        raise TemplateError('too_large')
    out.append(text)


def expand_rows(text, schema=None):
    """Repeat the table rows that use a list's item: in an HTML table a row holding
    ``{{ line.product }}`` becomes ``{% for line in lines %}<tr>...</tr>{% endfor %}``, which
    users cannot type in a rich text editor (text between rows is not kept). Templates with
    their own ``{% for %}`` are left as they are."""
    schema = SCHEMA if schema is None else schema
    if not text or '{%' in text:
        return text or ''
    lists = [name for name, spec in schema.items() if isinstance(spec, LIST)]

    def repeat(match):
        row = match.group(0)
        for name in lists:
            item = _item_name(name)
            if re.search(r'\{\{\s*%s\.' % item, row):
                return '{%% for %s in %s %%}%s{%% endfor %%}' % (item, name, row)
        return row

    return ROW_RE.sub(repeat, text)


def _item_name(list_name):
    """'lines' -> 'line': the name of an item of a list in the rows that repeat."""
    return list_name[:-1] if list_name.endswith('s') else list_name + '_item'


def variables(schema=None):
    """Every path a template may use, for the help shown next to the editor."""
    schema = SCHEMA if schema is None else schema
    paths = []
    for name, spec in schema.items():
        if spec is SCALAR:
            paths.append(name)
        elif isinstance(spec, LIST):
            paths.extend('%s.%s' % (_item_name(name), f) for f in spec)
        else:
            paths.extend('%s.%s' % (name, f) for f in spec)
    return paths
