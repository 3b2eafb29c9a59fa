-- Search reads one narrow table instead of the wide documents table: a search for a common word
-- matches most documents, and counting, ranking and faceting them then reads every matching row.
-- library_search holds, per document, only what a search needs: copies of the columns that decide
-- who may see it and that filters and facets use (kept by a trigger on update, so no write can
-- forget them; written with the vector when the document is indexed), a key naming its combination of facet values, and the whole-text vector, always stored
-- out of line (toast_tuple_target) while the short columns never are (PLAIN): a row is about
-- 150 bytes and the table stays in memory. The title vectors, read only to rank a page's
-- candidates, stay with the documents.
--
-- The whole-text vector also holds position-free lexemes: each pair of adjacent words
-- ("nhan dan"), so a quoted phrase is an AND of its pairs, and the title's words and pairs under a
-- mark ("t:nhan", "a:nhân dân"), so "is the query in the title?" is a match too — both answered
-- by the GIN index without reading any document. search_version says which rows hold them;
-- older ones are redone from their passages when the server starts.

CREATE TABLE library_search (
  id bigint PRIMARY KEY REFERENCES library_documents (id) ON DELETE CASCADE,
  access text NOT NULL,
  embargo_until date,
  unit_path text NOT NULL,
  access_unit_paths text[] NOT NULL,
  doc_type text NOT NULL,
  issuer text,
  issued_on date,
  status text NOT NULL,
  level text NOT NULL,
  topics text[] NOT NULL,
  number_key text COLLATE "C",
  number_keys text[] NOT NULL,
  -- Names the document's facet values (type, issuer, year, status, level, topics): matches are
  -- counted per key, then keys are spread into facet counts through library_search_facets.
  facet_key bigint NOT NULL,
  body_tsv tsvector NOT NULL DEFAULT ''::tsvector,
  search_version smallint NOT NULL DEFAULT 0
) WITH (toast_tuple_target = 128);
ALTER TABLE library_search
  ALTER COLUMN access SET STORAGE PLAIN,
  ALTER COLUMN unit_path SET STORAGE PLAIN,
  ALTER COLUMN access_unit_paths SET STORAGE PLAIN,
  ALTER COLUMN doc_type SET STORAGE PLAIN,
  ALTER COLUMN issuer SET STORAGE PLAIN,
  ALTER COLUMN status SET STORAGE PLAIN,
  ALTER COLUMN level SET STORAGE PLAIN,
  ALTER COLUMN topics SET STORAGE PLAIN,
  ALTER COLUMN number_key SET STORAGE PLAIN,
  ALTER COLUMN number_keys SET STORAGE PLAIN;

-- One row per combination of facet values ever seen (never pruned: a stale key counts nothing).
CREATE TABLE library_search_facets (
  facet_key bigint PRIMARY KEY,
  doc_type text NOT NULL,
  issuer text,
  year integer,
  status text NOT NULL,
  level text NOT NULL,
  topics text[] NOT NULL
);

-- The key of a combination of facet values (quote_nullable keeps NULL apart from 'NULL').
CREATE FUNCTION library_facet_key(doc_type text, issuer text, year integer, status text,
    level text, topics text[]) RETURNS bigint
  LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT hashtextextended(concat_ws(' ', quote_nullable(doc_type), quote_nullable(issuer),
    quote_nullable(year), quote_nullable(status), quote_nullable(level),
    quote_nullable(topics::text)), 0)
$$;

-- Writes a document's search row from its current metadata: the copies, the facet key (and its
-- values), and, when given, the whole-text vector and the version it was made under. The row is
-- written once when the document is indexed (no empty row first, so no dead copy per document).
CREATE FUNCTION library_search_write(doc bigint, vector tsvector, version smallint) RETURNS void
  LANGUAGE sql AS $$
  INSERT INTO library_search_facets (facet_key, doc_type, issuer, year, status, level, topics)
  SELECT k.key, d.doc_type, d.issuer, k.year, d.status, d.level, d.topics
  FROM library_documents d,
    LATERAL (SELECT extract(year FROM d.issued_on)::integer AS year) y,
    LATERAL (SELECT y.year,
      library_facet_key(d.doc_type, d.issuer, y.year, d.status, d.level, d.topics) AS key) k
  WHERE d.id = doc
  ON CONFLICT (facet_key) DO NOTHING;
  INSERT INTO library_search AS s (id, access, embargo_until, unit_path, access_unit_paths,
    doc_type, issuer, issued_on, status, level, topics, number_key, number_keys, facet_key,
    body_tsv, search_version)
  SELECT d.id, d.access, d.embargo_until, d.unit_path, d.access_unit_paths, d.doc_type, d.issuer,
    d.issued_on, d.status, d.level, d.topics, d.number_key, d.number_keys,
    library_facet_key(d.doc_type, d.issuer, extract(year FROM d.issued_on)::integer, d.status,
      d.level, d.topics),
    coalesce(vector, ''::tsvector), coalesce(version, 0)
  FROM library_documents d WHERE d.id = doc
  ON CONFLICT (id) DO UPDATE SET access = EXCLUDED.access, embargo_until = EXCLUDED.embargo_until,
    unit_path = EXCLUDED.unit_path, access_unit_paths = EXCLUDED.access_unit_paths,
    doc_type = EXCLUDED.doc_type, issuer = EXCLUDED.issuer, issued_on = EXCLUDED.issued_on,
    status = EXCLUDED.status, level = EXCLUDED.level, topics = EXCLUDED.topics,
    number_key = EXCLUDED.number_key, number_keys = EXCLUDED.number_keys,
    facet_key = EXCLUDED.facet_key,
    body_tsv = coalesce(vector, s.body_tsv), search_version = coalesce(version, s.search_version);
$$;

-- Any change of a copied column, whatever wrote it, reaches the search row at once. (Counting
-- views and downloads changes no copied column and does not touch the search table.)
CREATE FUNCTION library_search_sync() RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN
  PERFORM library_search_write(NEW.id, NULL, NULL);
  RETURN NULL;
END $$;
CREATE TRIGGER library_search_sync_update
  AFTER UPDATE OF access, embargo_until, unit_path, access_unit_paths, doc_type, issuer, issued_on,
    status, level, topics, number_key, number_keys ON library_documents
  FOR EACH ROW EXECUTE FUNCTION library_search_sync();

-- Copy what exists, vectors included (redone with the position-free lexemes at the next start).
SELECT library_search_write(id, body_tsv, 0::smallint) FROM library_documents;

ALTER TABLE library_documents DROP COLUMN body_tsv;

CREATE INDEX library_search_body_idx ON library_search USING gin (body_tsv);
CREATE INDEX library_search_number_idx ON library_search (number_key text_pattern_ops);
CREATE INDEX library_search_numbers_idx ON library_search USING gin (number_keys);
-- Browsing (no query) lists the latest first.
CREATE INDEX library_search_latest_idx ON library_search (issued_on DESC NULLS LAST, id DESC);
