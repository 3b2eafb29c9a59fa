-- The inbox picks its page of ids from the covering scope index alone (an index-only top-N), then
-- reads only those rows; id and updated_at join the included columns so that every sort the
-- inbox offers can be served that way.
DROP INDEX IF EXISTS feedback_cases_scope_idx;
CREATE INDEX feedback_cases_scope_idx ON feedback_cases (handling_unit_path text_pattern_ops, received_at DESC)
  INCLUDE (status, type, field, channel, due_at, answered_at, id, updated_at);
