-- Feedback and petitions: cases, their timeline, attachments, holidays, deadline settings,
-- saved inbox views.

CREATE TABLE feedback_cases (
  id bigserial PRIMARY KEY,
  -- Unguessable public code (crypto-random base32), e.g. PA-7KQM-X3TZ-9W.
  tracking_code text NOT NULL UNIQUE,
  -- Client-chosen key so a retried submission creates one case (unique, see ON CONFLICT).
  idempotency_key text UNIQUE,
  type text NOT NULL CHECK (type IN ('phan_anh', 'kien_nghi', 'khieu_nai', 'to_cao')),
  field text NOT NULL,
  title text NOT NULL,
  content text NOT NULL,
  -- Folded (no marks, lower case) title and content for mark-insensitive search and similarity.
  search_text text NOT NULL,
  province_code text NOT NULL REFERENCES units (code),
  commune_code text REFERENCES units (code),
  location_address text,
  lat double precision,
  lng double precision,
  channel text NOT NULL DEFAULT 'web'
    CHECK (channel IN ('web', 'phone', 'letter', 'reception', 'voter_meeting', 'open311', 'email')),
  anonymous boolean NOT NULL DEFAULT false,
  consent boolean NOT NULL DEFAULT false,
  -- Personal data of the petitioner: shown only to handlers (feedback.policy.ts).
  petitioner_name text,
  petitioner_phone text,
  petitioner_email text,
  petitioner_id_number text,
  petitioner_address text,
  status text NOT NULL DEFAULT 'received',
  -- The Front unit currently responsible, and its path for prefix scoping ('TW/48/20242').
  handling_unit_code text NOT NULL REFERENCES units (code),
  handling_unit_path text NOT NULL,
  previous_unit_code text REFERENCES units (code),
  assignee_id bigint REFERENCES users (id),
  forward_kind text CHECK (forward_kind IN ('front_unit', 'member_org', 'agency')),
  forwarded_to text,
  received_at timestamptz NOT NULL DEFAULT now(),
  due_at timestamptz,
  step text NOT NULL DEFAULT 'accept',
  complex boolean NOT NULL DEFAULT false,
  answer text,
  answer_public boolean NOT NULL DEFAULT true,
  answered_at timestamptz,
  closed_at timestamptz,
  rating integer CHECK (rating BETWEEN 1 AND 5),
  rating_comment text,
  merged_into_id bigint REFERENCES feedback_cases (id),
  -- Highest deadline alert sent so far ('none', 'due_soon', 'overdue'), so alerts go out once.
  alert_level text NOT NULL DEFAULT 'none',
  created_by bigint REFERENCES users (id),
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
-- Inbox scope (unit path prefix) with the columns lists filter and count on, so counts of a
-- province's inbox are index-only scans.
CREATE INDEX feedback_cases_scope_idx ON feedback_cases (handling_unit_path text_pattern_ops, received_at DESC)
  INCLUDE (status, type, field, channel, due_at, answered_at);
-- Open cases by due date: overdue lists and the deadline check.
CREATE INDEX feedback_cases_open_due_idx ON feedback_cases (due_at)
  WHERE status NOT IN ('returned', 'rejected', 'answered', 'rated', 'closed', 'merged', 'withdrawn', 'hidden');
CREATE INDEX feedback_cases_assignee_idx ON feedback_cases (assignee_id) WHERE assignee_id IS NOT NULL;
CREATE INDEX feedback_cases_received_idx ON feedback_cases (received_at DESC, id DESC);
CREATE INDEX feedback_cases_commune_idx ON feedback_cases (commune_code, received_at DESC);
CREATE INDEX feedback_cases_search_trgm_idx ON feedback_cases USING gin (search_text gin_trgm_ops);

-- The timeline: every transition, note and view-worthy event, with actor, unit and time.
CREATE TABLE feedback_events (
  id bigserial PRIMARY KEY,
  case_id bigint NOT NULL REFERENCES feedback_cases (id),
  at timestamptz NOT NULL DEFAULT now(),
  action text NOT NULL,
  from_status text,
  to_status text,
  actor_id bigint,
  actor_name text NOT NULL,
  unit_code text,
  note text,
  -- Whether the citizen sees this entry in the public lookup.
  public boolean NOT NULL DEFAULT false,
  data jsonb
);
CREATE INDEX feedback_events_case_idx ON feedback_events (case_id, at, id);

-- Files are uploaded first (case_id NULL, an upload token returned) and linked when the case
-- is created, so the create request stays plain JSON.
CREATE TABLE feedback_attachments (
  id bigserial PRIMARY KEY,
  case_id bigint REFERENCES feedback_cases (id),
  upload_token text UNIQUE,
  storage_key text NOT NULL,
  file_name text NOT NULL,
  content_type text NOT NULL,
  size integer NOT NULL,
  -- Attachments of an answer may be public; the citizen's own files are staff-only.
  public boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX feedback_attachments_case_idx ON feedback_attachments (case_id);

-- Public holidays (non-working days), maintained by administrators; seeded in feedback.holidays.ts.
CREATE TABLE feedback_holidays (
  day date PRIMARY KEY,
  name text NOT NULL,
  source text,
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- Configurable settings: deadline rules per type and step, days a citizen may reopen.
CREATE TABLE feedback_settings (
  key text PRIMARY KEY,
  value jsonb NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE feedback_saved_views (
  id bigserial PRIMARY KEY,
  user_id bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  name text NOT NULL,
  query jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (user_id, name)
);
