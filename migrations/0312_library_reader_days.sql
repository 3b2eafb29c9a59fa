-- Who has already been counted today: a view or download is counted once per reader, document
-- and day. The reader is a keyed hash of the session or address, salted by the day, so it links
-- nothing across days; rows of past days are removed as new ones come.
CREATE TABLE library_reader_days (
  kind text NOT NULL CHECK (kind IN ('view', 'download')),
  document_id bigint NOT NULL REFERENCES library_documents (id) ON DELETE CASCADE,
  day date NOT NULL,
  reader text NOT NULL,
  PRIMARY KEY (kind, document_id, day, reader)
);
CREATE INDEX library_reader_days_day_idx ON library_reader_days (day);
