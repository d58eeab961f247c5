"""Locating and caching the XSDs; validate_xsd() messages."""
import os
import shutil
import threading

import pytest

from .. import SchemaUnavailableError, build, validate_xsd
from ..schema import DEFAULT_SCHEMA_DIR, ENV_VAR, INVOICE_XSD, load_schema, schema_dir
from .common import invoice


def test_default_folder_is_next_to_the_repository():
    package = os.path.dirname(os.path.dirname(os.path.realpath(__file__)))
    expected = os.path.normpath(os.path.join(package, '..', '..', '..', '..', 'shared', 'fatturapa', 'xsd'))
    assert DEFAULT_SCHEMA_DIR == expected


def test_environment_variable_and_argument_override(tmp_path, monkeypatch):
    source = schema_dir()
    for name in (INVOICE_XSD, 'xmldsig-core-schema.xsd'):
        shutil.copy(os.path.join(source, name), str(tmp_path))
    xml = build(invoice())
    monkeypatch.setenv(ENV_VAR, str(tmp_path))
    assert schema_dir() == str(tmp_path)
    assert validate_xsd(xml) == []
    monkeypatch.setenv(ENV_VAR, str(tmp_path / 'missing'))
    with pytest.raises(SchemaUnavailableError) as info:
        validate_xsd(xml)
    assert ENV_VAR in str(info.value)
    assert validate_xsd(xml, schema_dir=source) == []      # the argument wins over the variable


def test_compiled_schema_is_cached_per_thread():
    assert load_schema(INVOICE_XSD) is load_schema(INVOICE_XSD)
    other = []
    thread = threading.Thread(target=lambda: other.append(load_schema(INVOICE_XSD)))
    thread.start()
    thread.join()
    assert other[0] is not load_schema(INVOICE_XSD)


def test_messages():
    assert validate_xsd(b'<broken')[0].startswith('XML non ben formato')
    xml = build(invoice()).replace(b'<Divisa>EUR</Divisa>', b'<Divisa>euro</Divisa>')
    messages = validate_xsd(xml)
    assert len(messages) == 1 and messages[0].startswith('Riga ') and 'Divisa' in messages[0]
    xml = build(invoice()).replace(b'<RegimeFiscale>RF01</RegimeFiscale>', b'')
    assert any('RegimeFiscale' in m for m in validate_xsd(xml))
