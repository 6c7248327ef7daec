-- Training: definition (what a training is, versioned) -> session (when it was held, who attended)
-- -> record (assessments and authorizations a person earned). Rows that carry history are closed, never deleted.

CREATE TABLE training_definitions (
  id         INTEGER PRIMARY KEY,
  code       TEXT NOT NULL UNIQUE COLLATE NOCASE CHECK (length(trim(code)) > 0),
  created_at TEXT NOT NULL,
  created_by INTEGER REFERENCES persons (id),
  retired_at TEXT
);

-- A policy change is a new version; an authorization points at the version it was granted under, so
-- revising validity or prerequisites never rewrites a past grant.
CREATE TABLE training_definition_versions (
  id                 INTEGER PRIMARY KEY,
  definition_id      INTEGER NOT NULL REFERENCES training_definitions (id),
  version            INTEGER NOT NULL CHECK (version > 0),
  name               TEXT NOT NULL CHECK (length(trim(name)) > 0),
  description        TEXT,
  tier               TEXT NOT NULL CHECK (tier IN ('safety', 'competency', 'optional')),
  validity_kind      TEXT NOT NULL CHECK (validity_kind IN ('never', 'days', 'yearly')),
  validity_days      INTEGER CHECK (validity_days IS NULL OR validity_days > 0),
  validity_month_day TEXT CHECK (validity_month_day IS NULL OR validity_month_day GLOB '[0-1][0-9]-[0-3][0-9]'),
  renew_on_use       INTEGER NOT NULL DEFAULT 0 CHECK (renew_on_use IN (0, 1)),
  lapse_unused_days  INTEGER CHECK (lapse_unused_days IS NULL OR lapse_unused_days > 0),
  needs_practical    INTEGER NOT NULL DEFAULT 0 CHECK (needs_practical IN (0, 1)),
  needs_waiver       INTEGER NOT NULL DEFAULT 0 CHECK (needs_waiver IN (0, 1)),
  machine_ids_json   TEXT NOT NULL DEFAULT '[]',
  machine_kinds_json TEXT NOT NULL DEFAULT '[]',
  prerequisites_json TEXT NOT NULL DEFAULT '[]',
  created_at         TEXT NOT NULL,
  created_by         INTEGER REFERENCES persons (id),
  UNIQUE (definition_id, version)
);
CREATE TRIGGER training_definition_versions_immutable BEFORE UPDATE ON training_definition_versions
BEGIN SELECT RAISE(ABORT, 'a training definition version is immutable: add a new version'); END;

-- Who may grant (and assess, sign off, renew) which training. Closed, never deleted.
CREATE TABLE training_instructor_rights (
  id            INTEGER PRIMARY KEY,
  person_id     INTEGER NOT NULL REFERENCES persons (id),
  definition_id INTEGER NOT NULL REFERENCES training_definitions (id),
  granted_at    TEXT NOT NULL,
  granted_by    INTEGER REFERENCES persons (id),
  ended_at      TEXT,
  ended_by      INTEGER REFERENCES persons (id),
  end_reason    TEXT,
  CHECK (granted_by IS NULL OR granted_by <> person_id)
);
CREATE UNIQUE INDEX training_rights_open ON training_instructor_rights (person_id, definition_id) WHERE ended_at IS NULL;

CREATE TABLE training_sessions (
  id            INTEGER PRIMARY KEY,
  definition_id INTEGER NOT NULL REFERENCES training_definitions (id),
  starts_at     TEXT NOT NULL,
  ends_at       TEXT NOT NULL,
  location      TEXT,
  capacity      INTEGER NOT NULL CHECK (capacity > 0),
  min_attendees INTEGER NOT NULL DEFAULT 1 CHECK (min_attendees >= 0 AND min_attendees <= capacity),
  instructor_id INTEGER NOT NULL REFERENCES persons (id),
  status        TEXT NOT NULL DEFAULT 'scheduled' CHECK (status IN ('scheduled', 'held', 'cancelled')),
  notes         TEXT,
  created_at    TEXT NOT NULL,
  created_by    INTEGER REFERENCES persons (id),
  CHECK (ends_at > starts_at)
);
CREATE INDEX training_sessions_starts ON training_sessions (starts_at);

CREATE TABLE training_session_attendees (
  session_id    INTEGER NOT NULL REFERENCES training_sessions (id),
  person_id     INTEGER NOT NULL REFERENCES persons (id),
  registered_at TEXT NOT NULL,
  registered_by INTEGER REFERENCES persons (id),
  status        TEXT NOT NULL DEFAULT 'registered' CHECK (status IN ('registered', 'attended', 'absent', 'withdrawn')),
  marked_at     TEXT,
  marked_by     INTEGER REFERENCES persons (id),
  PRIMARY KEY (session_id, person_id)
);

CREATE TABLE training_assessments (
  id            INTEGER PRIMARY KEY,
  person_id     INTEGER NOT NULL REFERENCES persons (id),
  definition_id INTEGER NOT NULL REFERENCES training_definitions (id),
  session_id    INTEGER REFERENCES training_sessions (id),
  kind          TEXT NOT NULL CHECK (kind IN ('quiz', 'practical', 'documentation', 'prior_learning')),
  result        TEXT NOT NULL CHECK (result IN ('pass', 'fail')),
  score         INTEGER CHECK (score IS NULL OR (score >= 0 AND score <= 100)),
  assessor_id   INTEGER NOT NULL REFERENCES persons (id),
  at            TEXT NOT NULL,
  notes         TEXT,
  evidence_json TEXT NOT NULL DEFAULT '[]',
  CHECK (assessor_id <> person_id)
);
CREATE INDEX training_assessments_person ON training_assessments (person_id, definition_id);
CREATE TRIGGER training_assessments_no_delete BEFORE DELETE ON training_assessments
BEGIN SELECT RAISE(ABORT, 'assessments are kept: record a new one instead'); END;

-- A signed liability waiver on file, needed by definitions that say so.
CREATE TABLE training_waivers (
  id          INTEGER PRIMARY KEY,
  person_id   INTEGER NOT NULL REFERENCES persons (id),
  signed_on   TEXT NOT NULL,
  expires_at  TEXT,
  recorded_at TEXT NOT NULL,
  recorded_by INTEGER REFERENCES persons (id),
  note        TEXT
);

-- What a person earned. status is the stored state; 'expired' (and lapsed) is derived from time by authorize.
-- A renewal is a new row; the old one is closed as 'superseded'. Revoked rows stay revoked forever.
CREATE TABLE training_authorizations (
  id             INTEGER PRIMARY KEY,
  certificate_no INTEGER NOT NULL UNIQUE,
  person_id      INTEGER NOT NULL REFERENCES persons (id),
  definition_id  INTEGER NOT NULL REFERENCES training_definitions (id),
  version_id     INTEGER NOT NULL REFERENCES training_definition_versions (id),
  status         TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'suspended', 'revoked', 'superseded')),
  granted_at     TEXT NOT NULL,
  granted_by     INTEGER NOT NULL REFERENCES persons (id),
  expires_at     TEXT,
  assessment_id  INTEGER REFERENCES training_assessments (id),
  renews_id      INTEGER REFERENCES training_authorizations (id),
  note           TEXT,
  ended_at       TEXT,
  ended_by       INTEGER REFERENCES persons (id),
  end_reason     TEXT,
  CHECK (granted_by <> person_id),
  CHECK (status IN ('active', 'suspended') OR (ended_at IS NOT NULL AND end_reason IS NOT NULL))
);
CREATE INDEX training_authorizations_person ON training_authorizations (person_id, definition_id);
CREATE TRIGGER training_authorizations_no_delete BEFORE DELETE ON training_authorizations
BEGIN SELECT RAISE(ABORT, 'authorizations are closed, never deleted'); END;
CREATE TRIGGER training_authorizations_revoked_final BEFORE UPDATE ON training_authorizations
WHEN OLD.status IN ('revoked', 'superseded') AND NEW.status <> OLD.status
BEGIN SELECT RAISE(ABORT, 'a revoked or superseded authorization never becomes active again'); END;

-- Suspensions, reinstatements and other status steps, append-only (who, when, why).
CREATE TABLE training_authorization_events (
  id               INTEGER PRIMARY KEY,
  authorization_id INTEGER NOT NULL REFERENCES training_authorizations (id),
  at               TEXT NOT NULL,
  actor_id         INTEGER REFERENCES persons (id),
  action           TEXT NOT NULL CHECK (action IN ('grant', 'renew', 'suspend', 'reinstate', 'revoke', 'superseded')),
  reason           TEXT
);

-- Machine use that counts for renew-on-use and lapse-after-unused policies.
CREATE TABLE training_uses (
  id               INTEGER PRIMARY KEY,
  authorization_id INTEGER NOT NULL REFERENCES training_authorizations (id),
  machine_id       INTEGER NOT NULL,
  at               TEXT NOT NULL
);
CREATE INDEX training_uses_auth ON training_uses (authorization_id, at);

-- Course track in the Fab Academy shape.
CREATE TABLE training_courses (
  id         INTEGER PRIMARY KEY,
  code       TEXT NOT NULL UNIQUE COLLATE NOCASE CHECK (length(trim(code)) > 0),
  title      TEXT NOT NULL,
  cycle_year INTEGER NOT NULL CHECK (cycle_year BETWEEN 2000 AND 2100),
  created_at TEXT NOT NULL
);

CREATE TABLE training_course_instructors (
  course_id INTEGER NOT NULL REFERENCES training_courses (id),
  person_id INTEGER NOT NULL REFERENCES persons (id),
  PRIMARY KEY (course_id, person_id)
);

CREATE TABLE training_modules (
  id                   INTEGER PRIMARY KEY,
  course_id            INTEGER NOT NULL REFERENCES training_courses (id),
  position             INTEGER NOT NULL,
  title                TEXT NOT NULL,
  week_of              TEXT NOT NULL,
  outcomes_json        TEXT NOT NULL DEFAULT '[]',
  assignments_json     TEXT NOT NULL DEFAULT '[]',
  proposes_definition_id INTEGER REFERENCES training_definitions (id),
  UNIQUE (course_id, position)
);

CREATE TABLE training_enrollments (
  id          INTEGER PRIMARY KEY,
  course_id   INTEGER NOT NULL REFERENCES training_courses (id),
  person_id   INTEGER NOT NULL REFERENCES persons (id),
  enrolled_at TEXT NOT NULL,
  status      TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'withdrawn')),
  UNIQUE (course_id, person_id)
);

-- module_id NULL is the final project.
CREATE TABLE training_submissions (
  id            INTEGER PRIMARY KEY,
  enrollment_id INTEGER NOT NULL REFERENCES training_enrollments (id),
  module_id     INTEGER REFERENCES training_modules (id),
  url           TEXT NOT NULL,
  notes         TEXT,
  submitted_at  TEXT NOT NULL,
  status        TEXT NOT NULL DEFAULT 'submitted'
                CHECK (status IN ('submitted', 'needs_work', 'locally_accepted', 'accepted'))
);
CREATE INDEX training_submissions_enrollment ON training_submissions (enrollment_id, module_id);

CREATE TABLE training_reviews (
  id             INTEGER PRIMARY KEY,
  submission_id  INTEGER NOT NULL REFERENCES training_submissions (id),
  stage          TEXT NOT NULL CHECK (stage IN ('local', 'global')),
  reviewer_id    INTEGER NOT NULL REFERENCES persons (id),
  evaluator_name TEXT,
  decision       TEXT NOT NULL CHECK (decision IN ('accept', 'needs_work')),
  comment        TEXT,
  at             TEXT NOT NULL
);
