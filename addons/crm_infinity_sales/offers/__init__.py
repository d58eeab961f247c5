"""Framework-free offer documents (SPEC S7): sandboxed mail merge of the templates
(``merge``) and the merged HTML as DOCX/ODT (``document``)."""
