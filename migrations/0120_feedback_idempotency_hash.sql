-- The idempotency key is kept with a hash of the request it answered, so that the same key sent
-- with a different request is refused instead of silently returning the first case. Rows from
-- before this column have no hash and keep answering their key as before.
ALTER TABLE feedback_cases ADD COLUMN idempotency_hash text;
