"""Framework-free logic of the marketing addon: address normalisation, DSN (bounce) parsing,
signed tracking tokens, scanner detection. Plain Python, unit-tested in ``engines/tests``."""
