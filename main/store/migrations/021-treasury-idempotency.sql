-- Idempotency keys of money-recording calls (issue 12): every money form sends a key it made when it opened; a
-- second call with the same key (a double click, a retry after a lost answer) returns the first call's result and
-- records nothing. The key, what was asked and what was answered are kept, append-only.
CREATE TABLE treasury_idempotency (
  key         TEXT PRIMARY KEY CHECK (length(key) BETWEEN 8 AND 100),
  method      TEXT NOT NULL,
  actor_id    INTEGER,
  input_json  TEXT NOT NULL,
  result_json TEXT NOT NULL,
  at          TEXT NOT NULL
);
CREATE TRIGGER treasury_idempotency_no_update BEFORE UPDATE ON treasury_idempotency
BEGIN SELECT RAISE(ABORT, 'an idempotency key is recorded once'); END;
CREATE TRIGGER treasury_idempotency_no_delete BEFORE DELETE ON treasury_idempotency
BEGIN SELECT RAISE(ABORT, 'an idempotency key is recorded once'); END;
