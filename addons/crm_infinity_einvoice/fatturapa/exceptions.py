"""Exceptions of the FatturaPA package (messages in Italian: they reach the user as they are)."""
import collections

Problem = collections.namedtuple('Problem', 'path message')
Problem.__doc__ = """A pre-flight problem: ``path`` locates the datum in the invoice dict
(``'customer.vat'``, ``'lines[2].natura'``, indices from 0), ``message`` tells the user (in
Italian) what is wrong and how to fix it."""


class FatturaPAError(Exception):
    """Base class of the package's errors."""


class PreflightError(FatturaPAError):
    """The invoice data would produce a file that SdI rejects; ``problems`` lists them all."""

    def __init__(self, problems):
        self.problems = list(problems)
        super().__init__('Fattura elettronica non generabile:\n' + '\n'.join(
            '- %s' % p.message for p in self.problems))


class ExportError(FatturaPAError):
    """The produced XML failed the XSD or the arithmetic checks (a bug: pre-flight should have
    refused the data); ``messages`` are the validation messages."""

    def __init__(self, messages):
        self.messages = list(messages)
        super().__init__('Il file FatturaPA generato non è valido:\n' + '\n'.join(
            '- %s' % m for m in self.messages))


class NotificationError(FatturaPAError):
    """An SdI notification that cannot be read (malformed, unknown type, not schema-valid)."""


class SchemaUnavailableError(FatturaPAError):
    """The XSD folder is missing or broken (a configuration problem, not a data problem)."""
