-- Foundation: people, roles, settings, the audit trail and gapless sequences.
-- Instants are ISO-8601 UTC text; money (later) is INTEGER cents.

CREATE TABLE persons (
  id           INTEGER PRIMARY KEY,
  display_name TEXT NOT NULL CHECK (length(trim(display_name)) > 0),
  email        TEXT,
  phone        TEXT,
  language     TEXT NOT NULL DEFAULT 'en' CHECK (language IN ('en', 'es')),
  active       INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
  created_at   TEXT NOT NULL
);

CREATE TABLE accounts (
  person_id           INTEGER PRIMARY KEY REFERENCES persons (id),
  username            TEXT NOT NULL UNIQUE COLLATE NOCASE,
  password_hash       TEXT NOT NULL,
  failed_attempts     INTEGER NOT NULL DEFAULT 0,
  locked_until        TEXT,
  password_changed_at TEXT NOT NULL
);

CREATE TABLE person_roles (
  person_id  INTEGER NOT NULL REFERENCES persons (id),
  role       TEXT NOT NULL CHECK (role IN ('admin', 'staff', 'instructor', 'trainee', 'treasurer')),
  granted_at TEXT NOT NULL,
  granted_by INTEGER REFERENCES persons (id),
  PRIMARY KEY (person_id, role)
);

CREATE TABLE settings (
  key        TEXT PRIMARY KEY,
  value_json TEXT NOT NULL
);

-- One audit trail for every area: who changed what, when, from what to what, and why.
CREATE TABLE audit_log (
  id          INTEGER PRIMARY KEY,
  at          TEXT NOT NULL,
  actor_id    INTEGER REFERENCES persons (id),
  entity      TEXT NOT NULL,
  entity_id   TEXT NOT NULL,
  action      TEXT NOT NULL,
  before_json TEXT,
  after_json  TEXT,
  reason      TEXT
);
CREATE INDEX audit_log_entity ON audit_log (entity, entity_id);
CREATE INDEX audit_log_at ON audit_log (at);

-- The audit trail is append-only.
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;

-- Human-facing numbers (member, certificate, receipt, job...) come from here: taken inside the writing
-- transaction, so a rolled-back write gives its number back and a committed one is never reused.
CREATE TABLE sequences (
  name TEXT PRIMARY KEY,
  last INTEGER NOT NULL
);
