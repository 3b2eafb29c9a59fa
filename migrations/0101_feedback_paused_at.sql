-- When a paused case stopped its deadline clock: on resume, the due date moves forward by the
-- working days the case was paused.
ALTER TABLE feedback_cases ADD COLUMN paused_at timestamptz;
