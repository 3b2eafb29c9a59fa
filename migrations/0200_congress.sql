-- Congress tracking: rounds as data, one record per unit and round, its steps and its results,
-- daily progress snapshots. Progress is always computed from these base rows (no counters).

CREATE TABLE congress_rounds (
  id serial PRIMARY KEY,
  level text NOT NULL CHECK (level IN ('central', 'province', 'commune')),
  ordinal text NOT NULL,
  term text NOT NULL,
  deadline date NOT NULL,
  -- Target rules for results, e.g. {"womenMin":0.3,"under35Min":0.1,"communeChairsMinShare":0.5}.
  targets jsonb NOT NULL DEFAULT '{}'::jsonb,
  is_current boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (level, ordinal, term)
);

CREATE TABLE congress_records (
  id bigserial PRIMARY KEY,
  round_id integer NOT NULL REFERENCES congress_rounds (id),
  unit_code text NOT NULL REFERENCES units (code),
  -- The parent unit, copied at creation, so a province's figures are one index range scan.
  parent_code text NOT NULL,
  planned_date date,
  venue text,
  pilot boolean NOT NULL DEFAULT false,
  version integer NOT NULL DEFAULT 1,
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (round_id, unit_code)
);
CREATE INDEX congress_records_parent_idx ON congress_records (round_id, parent_code);

-- One row per step done. Calendar dates are local dates in Asia/Ho_Chi_Minh (type date).
CREATE TABLE congress_steps (
  record_id bigint NOT NULL REFERENCES congress_records (id) ON DELETE CASCADE,
  step text NOT NULL CHECK (step IN ('plan_issued', 'documents_drafted', 'personnel_party',
    'personnel_front', 'congress_held', 'first_meeting', 'results_reported', 'results_verified')),
  done_on date NOT NULL,
  -- The unit at whose level the step was recorded: only that level (or above) may undo it.
  actor_unit_code text NOT NULL,
  actor_user_id bigint,
  actor_name text NOT NULL,
  note text,
  attachments jsonb NOT NULL DEFAULT '[]'::jsonb,
  recorded_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (record_id, step)
);

CREATE TABLE congress_results (
  record_id bigint PRIMARY KEY REFERENCES congress_records (id) ON DELETE CASCADE,
  delegates_official integer NOT NULL DEFAULT 0 CHECK (delegates_official >= 0),
  delegates_present integer NOT NULL DEFAULT 0 CHECK (delegates_present >= 0),
  guests integer NOT NULL DEFAULT 0 CHECK (guests >= 0),
  committee_members integer NOT NULL DEFAULT 0 CHECK (committee_members >= 0),
  women integer NOT NULL DEFAULT 0 CHECK (women >= 0),
  ethnic_minority integer NOT NULL DEFAULT 0 CHECK (ethnic_minority >= 0),
  religious integer NOT NULL DEFAULT 0 CHECK (religious >= 0),
  non_party integer NOT NULL DEFAULT 0 CHECK (non_party >= 0),
  under35 integer NOT NULL DEFAULT 0 CHECK (under35 >= 0),
  reelected integer NOT NULL DEFAULT 0 CHECK (reelected >= 0),
  new_members integer NOT NULL DEFAULT 0 CHECK (new_members >= 0),
  commune_chairs integer NOT NULL DEFAULT 0 CHECK (commune_chairs >= 0),
  standing_board integer NOT NULL DEFAULT 0 CHECK (standing_board >= 0),
  chair_elected boolean NOT NULL DEFAULT false,
  vice_chairs_full_time integer NOT NULL DEFAULT 0 CHECK (vice_chairs_full_time >= 0),
  vice_chairs_part_time integer NOT NULL DEFAULT 0 CHECK (vice_chairs_part_time >= 0),
  vacancies integer NOT NULL DEFAULT 0 CHECK (vacancies >= 0),
  delegation_official integer NOT NULL DEFAULT 0 CHECK (delegation_official >= 0),
  delegation_alternates integer NOT NULL DEFAULT 0 CHECK (delegation_alternates >= 0),
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- One row per aggregate (a province, or 'TW' for the nation) per local day; re-running a day
-- overwrites that day's row.
CREATE TABLE congress_snapshots (
  day date NOT NULL,
  round_id integer NOT NULL REFERENCES congress_rounds (id),
  unit_code text NOT NULL,
  done integer NOT NULL,
  total integer NOT NULL,
  late integer NOT NULL,
  by_step jsonb NOT NULL,
  PRIMARY KEY (round_id, unit_code, day)
);
