-- A superseded version keeps the text it was read with, beside its file.
ALTER TABLE library_document_versions
  ADD COLUMN text_body text,
  ADD COLUMN page_count integer;
