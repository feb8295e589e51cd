-- One row per control mutation (connectors, topics, consumer groups): who did what to which target, with what input
-- (secrets redacted before they reach this table), how it ended and how long it took.
CREATE TABLE audit_log (
  id          bigserial PRIMARY KEY,
  at          timestamptz NOT NULL DEFAULT now(),
  caller_id   text NOT NULL,
  caller_role text NOT NULL,
  operation   text NOT NULL,
  target      text NOT NULL,
  input       jsonb NOT NULL DEFAULT '{}'::jsonb,
  outcome     text NOT NULL CHECK (outcome IN ('ok', 'error')),
  error_code  text,
  duration_ms integer NOT NULL
);

CREATE INDEX audit_log_target_idx ON audit_log (target, id DESC);
CREATE INDEX audit_log_operation_idx ON audit_log (operation, id DESC);
