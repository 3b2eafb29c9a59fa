-- Failed logins, counted per (username, client address) whether or not the username exists, so
-- that the answers do not tell which names exist. Five failures in a row lock that username for
-- that address only; failures from every address together only slow further tries, so nobody
-- can lock another person out by guessing their name (see platform/auth/auth.service.ts).
CREATE TABLE login_failures (
  username text NOT NULL,
  ip text NOT NULL,
  failures integer NOT NULL,
  last_failed_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (username, ip)
);
CREATE INDEX login_failures_last_failed_idx ON login_failures (last_failed_at);
