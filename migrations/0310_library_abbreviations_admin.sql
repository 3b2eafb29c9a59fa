-- Abbreviations edited by administrators: who changed them and when, and a counter bumped by
-- every change so that every server's in-memory copy knows at once when to reload.
ALTER TABLE library_abbreviations
  ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now(),
  ADD COLUMN updated_by bigint REFERENCES users (id);

CREATE TABLE library_abbreviation_version (
  id integer PRIMARY KEY DEFAULT 1 CHECK (id = 1),
  version bigint NOT NULL
);
INSERT INTO library_abbreviation_version (id, version) VALUES (1, 1);

CREATE FUNCTION bump_library_abbreviation_version() RETURNS trigger
  LANGUAGE plpgsql
  AS $$
BEGIN
  UPDATE library_abbreviation_version SET version = version + 1 WHERE id = 1;
  RETURN NULL;
END
$$;

CREATE TRIGGER library_abbreviations_bump_version
  AFTER INSERT OR UPDATE OR DELETE ON library_abbreviations
  FOR EACH STATEMENT EXECUTE FUNCTION bump_library_abbreviation_version();
