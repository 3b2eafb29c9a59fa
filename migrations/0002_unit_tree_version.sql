-- A counter bumped by every change to units, so that servers caching the unit tree in memory
-- know when to reload it.
CREATE TABLE unit_tree_version (
  id integer PRIMARY KEY DEFAULT 1 CHECK (id = 1),
  version bigint NOT NULL
);
INSERT INTO unit_tree_version (id, version) VALUES (1, 1);

CREATE FUNCTION bump_unit_tree_version() RETURNS trigger
  LANGUAGE plpgsql
  AS $$
BEGIN
  UPDATE unit_tree_version SET version = version + 1 WHERE id = 1;
  RETURN NULL;
END
$$;

CREATE TRIGGER units_bump_version
  AFTER INSERT OR UPDATE OR DELETE ON units
  FOR EACH STATEMENT EXECUTE FUNCTION bump_unit_tree_version();
