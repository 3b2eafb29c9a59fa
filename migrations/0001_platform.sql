-- Platform: extensions, Vietnamese search helpers, units, accounts, sessions, audit, notifications.
CREATE EXTENSION IF NOT EXISTS unaccent;
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- unaccent() is only STABLE; indexes need an IMMUTABLE wrapper naming its dictionary.
CREATE OR REPLACE FUNCTION immutable_unaccent(input text) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
  AS $$ SELECT public.unaccent('public.unaccent'::regdictionary, input) $$;

-- Folded form for search: no marks, đ → d, lower case.
CREATE OR REPLACE FUNCTION vn_fold(input text) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
  AS $$ SELECT lower(public.unaccent('public.unaccent'::regdictionary, input)) $$;

-- Full-text configuration that folds Vietnamese words and keeps every word (no stop words,
-- so negations such as "không", "chưa" stay in the index).
CREATE TEXT SEARCH CONFIGURATION vietnamese (COPY = simple);
ALTER TEXT SEARCH CONFIGURATION vietnamese
  ALTER MAPPING FOR hword, hword_part, word WITH unaccent, simple;

CREATE TABLE units (
  code text PRIMARY KEY,
  name text NOT NULL,
  short_name text NOT NULL,
  type text NOT NULL,
  level text NOT NULL CHECK (level IN ('central', 'province', 'commune')),
  parent_code text REFERENCES units (code),
  -- Codes from the root down, separated by '/': 'TW/48/20242'. Prefix match = descendants.
  path text NOT NULL,
  search_text text NOT NULL,
  sort_key text COLLATE "C" NOT NULL,
  valid_from date NOT NULL,
  valid_to date,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX units_parent_idx ON units (parent_code, sort_key);
CREATE INDEX units_level_idx ON units (level, sort_key);
CREATE INDEX units_path_idx ON units (path text_pattern_ops);
CREATE INDEX units_search_trgm_idx ON units USING gin (search_text gin_trgm_ops);

-- Where a unit came from: one row per predecessor (merge: several rows, split: several units
-- pointing at one predecessor, rename: one row).
CREATE TABLE unit_lineage (
  unit_code text NOT NULL REFERENCES units (code),
  predecessor_code text NOT NULL REFERENCES units (code),
  event text NOT NULL CHECK (event IN ('merge', 'split', 'rename')),
  effective_date date NOT NULL,
  basis text,
  PRIMARY KEY (unit_code, predecessor_code)
);
CREATE INDEX unit_lineage_predecessor_idx ON unit_lineage (predecessor_code);

CREATE TABLE users (
  id bigserial PRIMARY KEY,
  username text NOT NULL UNIQUE,
  full_name text NOT NULL,
  email text,
  password_hash text NOT NULL,
  disabled boolean NOT NULL DEFAULT false,
  totp_secret text,
  totp_enabled boolean NOT NULL DEFAULT false,
  failed_logins integer NOT NULL DEFAULT 0,
  locked_until timestamptz,
  must_change_password boolean NOT NULL DEFAULT false,
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE user_roles (
  user_id bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  unit_code text NOT NULL REFERENCES units (code),
  role text NOT NULL CHECK (role IN ('admin', 'leader', 'cadre', 'viewer')),
  PRIMARY KEY (user_id, unit_code, role)
);
CREATE INDEX user_roles_unit_idx ON user_roles (unit_code);

CREATE TABLE sessions (
  token_hash text PRIMARY KEY,
  user_id bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  csrf_token text NOT NULL,
  active_unit_code text REFERENCES units (code),
  created_at timestamptz NOT NULL DEFAULT now(),
  last_seen_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  ip text,
  user_agent text
);
CREATE INDEX sessions_user_idx ON sessions (user_id);

CREATE TABLE audit_log (
  id bigserial PRIMARY KEY,
  at timestamptz NOT NULL DEFAULT now(),
  user_id bigint,
  username text,
  unit_code text,
  action text NOT NULL,
  entity_type text NOT NULL,
  entity_id text,
  before jsonb,
  after jsonb,
  request_id text,
  ip text
);
CREATE INDEX audit_log_at_idx ON audit_log (at DESC);
CREATE INDEX audit_log_entity_idx ON audit_log (entity_type, entity_id);
CREATE INDEX audit_log_user_idx ON audit_log (user_id, at DESC);

CREATE TABLE notifications (
  id bigserial PRIMARY KEY,
  user_id bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  kind text NOT NULL,
  title text NOT NULL,
  body text NOT NULL DEFAULT '',
  link text,
  created_at timestamptz NOT NULL DEFAULT now(),
  read_at timestamptz
);
CREATE INDEX notifications_user_idx ON notifications (user_id, created_at DESC);

-- E-mail waiting to be sent, or kept for an administrator to read when no SMTP is configured.
CREATE TABLE mail_outbox (
  id bigserial PRIMARY KEY,
  to_address text NOT NULL,
  subject text NOT NULL,
  body text NOT NULL,
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed', 'kept')),
  error text,
  created_at timestamptz NOT NULL DEFAULT now(),
  sent_at timestamptz
);
