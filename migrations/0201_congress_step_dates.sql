-- The dates of a record's steps, kept on the record itself by statement triggers on
-- congress_steps, so the progress query reads one row per unit instead of aggregating every step
-- row. The triggers run in the same transaction as the step write, whatever code path writes it
-- (service, import, bulk loads), so the two cannot drift.
ALTER TABLE congress_records ADD COLUMN step_dates jsonb NOT NULL DEFAULT '{}'::jsonb;

CREATE OR REPLACE FUNCTION congress_step_dates_sync() RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' OR TG_OP = 'UPDATE' THEN
    UPDATE congress_records r SET step_dates = r.step_dates - o.steps
      FROM (SELECT record_id, array_agg(step) AS steps FROM old_rows GROUP BY record_id) o
      WHERE r.id = o.record_id;
  END IF;
  IF TG_OP = 'INSERT' OR TG_OP = 'UPDATE' THEN
    UPDATE congress_records r SET step_dates = r.step_dates || n.dates
      FROM (SELECT record_id, jsonb_object_agg(step, to_char(done_on, 'YYYY-MM-DD')) AS dates
            FROM new_rows GROUP BY record_id) n
      WHERE r.id = n.record_id;
  END IF;
  RETURN NULL;
END
$$;

CREATE TRIGGER congress_steps_sync_insert AFTER INSERT ON congress_steps
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION congress_step_dates_sync();
CREATE TRIGGER congress_steps_sync_update AFTER UPDATE ON congress_steps
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION congress_step_dates_sync();
CREATE TRIGGER congress_steps_sync_delete AFTER DELETE ON congress_steps
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION congress_step_dates_sync();

UPDATE congress_records r
  SET step_dates = coalesce(
    (SELECT jsonb_object_agg(s.step, to_char(s.done_on, 'YYYY-MM-DD'))
     FROM congress_steps s WHERE s.record_id = r.id),
    '{}'::jsonb);
