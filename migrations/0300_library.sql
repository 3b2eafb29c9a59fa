-- Library: documents with Dublin Core and administrative metadata, versions, passages (articles or
-- pages) indexed for Vietnamese search, abbreviations, vocabulary for "did you mean", collections,
-- usage statistics and background jobs (OCR).

CREATE TABLE library_documents (
  id bigserial PRIMARY KEY,
  -- Stable key for seeded and imported documents (idempotent loads); null for uploads.
  slug text UNIQUE,
  title text NOT NULL,
  number text,
  -- Normalised first number ("02/2011/qh13") and every number the document carries.
  number_key text COLLATE "C",
  number_keys text[] NOT NULL DEFAULT '{}',
  doc_type text NOT NULL,
  issuer text,
  signer text,
  issued_on date,
  effective_on date,
  status text NOT NULL DEFAULT 'in_force'
    CHECK (status IN ('in_force', 'partly_in_force', 'expired', 'not_yet_in_force', 'unknown')),
  level text NOT NULL DEFAULT 'central' CHECK (level IN ('central', 'province', 'commune')),
  -- The unit that owns and manages the document (locality); its path for scope checks.
  unit_code text NOT NULL REFERENCES units (code),
  unit_path text NOT NULL,
  topics text[] NOT NULL DEFAULT '{}',
  audience text,
  access text NOT NULL DEFAULT 'public' CHECK (access IN ('public', 'internal', 'restricted')),
  -- Paths of the units a restricted document is shared with.
  access_unit_paths text[] NOT NULL DEFAULT '{}',
  embargo_until date,
  -- Dublin Core fields not covered above.
  description text,
  subject text,
  language text NOT NULL DEFAULT 'vi',
  source text,
  rights text,
  amends_ids bigint[] NOT NULL DEFAULT '{}',
  replaces_ids bigint[] NOT NULL DEFAULT '{}',
  version integer NOT NULL DEFAULT 1,
  file_key text,
  file_name text,
  file_type text,
  file_size integer,
  page_count integer,
  text_status text NOT NULL DEFAULT 'done' CHECK (text_status IN ('done', 'pending_ocr', 'failed')),
  views integer NOT NULL DEFAULT 0,
  downloads integer NOT NULL DEFAULT 0,
  created_by bigint REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  -- Search: folded title (ranking), accented title (exact matches first), folded whole text.
  title_tsv tsvector NOT NULL DEFAULT ''::tsvector,
  title_accent_tsv tsvector NOT NULL DEFAULT ''::tsvector,
  body_tsv tsvector NOT NULL DEFAULT ''::tsvector,
  sort_key text COLLATE "C" NOT NULL DEFAULT ''
);
CREATE INDEX library_documents_body_idx ON library_documents USING gin (body_tsv);
CREATE INDEX library_documents_title_idx ON library_documents USING gin (title_tsv);
CREATE INDEX library_documents_number_idx ON library_documents (number_key text_pattern_ops);
CREATE INDEX library_documents_numbers_idx ON library_documents USING gin (number_keys);
CREATE INDEX library_documents_unit_idx ON library_documents (unit_path text_pattern_ops);
CREATE INDEX library_documents_type_idx ON library_documents (doc_type, issued_on DESC);

CREATE TABLE library_document_versions (
  id bigserial PRIMARY KEY,
  document_id bigint NOT NULL REFERENCES library_documents (id) ON DELETE CASCADE,
  version integer NOT NULL,
  title text NOT NULL,
  metadata jsonb NOT NULL DEFAULT '{}',
  file_key text,
  file_name text,
  file_type text,
  file_size integer,
  note text,
  created_by bigint REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (document_id, version)
);

-- One row per article (Điều) of a legal text, per page of a PDF, per sheet of a workbook.
CREATE TABLE library_passages (
  id bigserial PRIMARY KEY,
  document_id bigint NOT NULL REFERENCES library_documents (id) ON DELETE CASCADE,
  ord integer NOT NULL,
  kind text NOT NULL CHECK (kind IN ('preamble', 'article', 'page', 'sheet', 'text')),
  -- "dieu-5", "trang-3": the fragment of the permalink.
  anchor text NOT NULL,
  label text NOT NULL,
  title text,
  -- Headings above the passage: "Phần …", "Chương II. …", "Mục 1. …".
  headings text[] NOT NULL DEFAULT '{}',
  article_no text,
  page_no integer,
  body text NOT NULL,
  tsv tsvector NOT NULL,
  accent_tsv tsvector NOT NULL,
  UNIQUE (document_id, ord)
);
CREATE INDEX library_passages_tsv_idx ON library_passages USING gin (tsv);
CREATE INDEX library_passages_anchor_idx ON library_passages (document_id, anchor);

-- Abbreviations expanded at query time; administrators add their own.
CREATE TABLE library_abbreviations (
  abbr_key text PRIMARY KEY,
  abbreviation text NOT NULL,
  expansion text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

-- Folded words seen in indexed documents, for typo tolerance ("did you mean").
CREATE TABLE library_vocabulary (
  word text PRIMARY KEY,
  display text NOT NULL,
  doc_count integer NOT NULL DEFAULT 1
);
CREATE INDEX library_vocabulary_trgm_idx ON library_vocabulary USING gin (word gin_trgm_ops);

CREATE TABLE library_collections (
  id bigserial PRIMARY KEY,
  name text NOT NULL,
  description text,
  theme text,
  level text NOT NULL CHECK (level IN ('central', 'province', 'commune')),
  unit_code text NOT NULL REFERENCES units (code),
  unit_path text NOT NULL,
  is_public boolean NOT NULL DEFAULT true,
  views integer NOT NULL DEFAULT 0,
  created_by bigint REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX library_collections_unit_idx ON library_collections (unit_path text_pattern_ops);

CREATE TABLE library_collection_items (
  collection_id bigint NOT NULL REFERENCES library_collections (id) ON DELETE CASCADE,
  document_id bigint NOT NULL REFERENCES library_documents (id) ON DELETE CASCADE,
  position integer NOT NULL DEFAULT 0,
  PRIMARY KEY (collection_id, document_id)
);
CREATE INDEX library_collection_items_document_idx ON library_collection_items (document_id);

-- Usage: one row per view, download or search (aggregated by the statistics screen).
CREATE TABLE library_events (
  id bigserial PRIMARY KEY,
  at timestamptz NOT NULL DEFAULT now(),
  kind text NOT NULL CHECK (kind IN ('view', 'download', 'search', 'collection_view')),
  document_id bigint REFERENCES library_documents (id) ON DELETE CASCADE,
  collection_id bigint REFERENCES library_collections (id) ON DELETE CASCADE,
  query text,
  query_key text,
  result_count integer
);
CREATE INDEX library_events_kind_idx ON library_events (kind, at DESC);
CREATE INDEX library_events_document_idx ON library_events (document_id);

-- Background work kept off the request path (OCR of scanned pages), with progress.
CREATE TABLE library_jobs (
  id bigserial PRIMARY KEY,
  kind text NOT NULL CHECK (kind IN ('ocr')),
  document_id bigint REFERENCES library_documents (id) ON DELETE CASCADE,
  status text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'running', 'done', 'failed')),
  progress real NOT NULL DEFAULT 0,
  message text,
  attempts integer NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL DEFAULT now(),
  started_at timestamptz,
  finished_at timestamptz
);
CREATE INDEX library_jobs_status_idx ON library_jobs (status, id);
