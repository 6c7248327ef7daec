-- Jobs: priority tiers, materials and machine rates for quotes, jobs with their files and append-only transitions,
-- usage sessions (one per copy run), the queue's recorded manual moves, usage counters and maintenance.
-- Jobs are never deleted. Counters are integers: seconds for hours, milligrams for grams.

CREATE TABLE priority_tiers (
  id      INTEGER PRIMARY KEY,
  code    TEXT NOT NULL UNIQUE CHECK (length(trim(code)) > 0),
  name    TEXT NOT NULL CHECK (length(trim(name)) > 0),
  name_es TEXT NOT NULL CHECK (length(trim(name_es)) > 0),
  rank    INTEGER NOT NULL CHECK (rank >= 1),
  active  INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1))
);
CREATE TRIGGER priority_tiers_no_delete BEFORE DELETE ON priority_tiers
BEGIN SELECT RAISE(ABORT, 'priority tiers are never deleted; make them inactive instead'); END;

-- The mask drive's tiers (DOMAIN.md); configurable from the jobs screen.
INSERT INTO priority_tiers (id, code, name, name_es, rank) VALUES
  (1, 'core-staff', 'Core staff', 'Personal principal', 1),
  (2, 'members', 'Members', 'Miembros', 2),
  (3, 'medical', 'Medical facilities', 'Centros médicos', 3),
  (4, 'community', 'Community', 'Comunidad', 4);

CREATE TABLE job_materials (
  id             INTEGER PRIMARY KEY,
  code           TEXT NOT NULL UNIQUE CHECK (length(trim(code)) > 0),
  name           TEXT NOT NULL CHECK (length(trim(name)) > 0),
  cents_per_kg   INTEGER NOT NULL CHECK (typeof(cents_per_kg) = 'integer' AND cents_per_kg >= 0),
  density_mg_cm3 INTEGER CHECK (density_mg_cm3 IS NULL OR density_mg_cm3 > 0),
  active         INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1))
);
INSERT INTO job_materials (code, name, cents_per_kg, density_mg_cm3) VALUES
  ('pla', 'PLA filament', 2500, 1240),
  ('petg', 'PETG filament', 2800, 1270),
  ('tpu', 'TPU filament', 4000, 1210),
  ('own', 'Own material (brought by the requester)', 0, NULL);

CREATE TABLE job_machine_rates (
  machine_id   INTEGER PRIMARY KEY REFERENCES machines (id),
  hourly_cents INTEGER NOT NULL CHECK (typeof(hourly_cents) = 'integer' AND hourly_cents >= 0),
  updated_at   TEXT NOT NULL
);

CREATE TABLE jobs (
  id                INTEGER PRIMARY KEY,
  number            INTEGER NOT NULL UNIQUE CHECK (number > 0),
  title             TEXT NOT NULL CHECK (length(trim(title)) > 0),
  requester_id      INTEGER NOT NULL REFERENCES persons (id),
  machine_id        INTEGER REFERENCES machines (id),
  machine_kind      TEXT NOT NULL,
  material_id       INTEGER REFERENCES job_materials (id),
  colour            TEXT,
  quantity          INTEGER NOT NULL CHECK (quantity >= 1),
  tier_id           INTEGER NOT NULL REFERENCES priority_tiers (id),
  due_on            TEXT CHECK (due_on IS NULL OR due_on GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
  notes             TEXT NOT NULL DEFAULT '',
  status            TEXT NOT NULL CHECK (status IN ('draft', 'submitted', 'approved', 'queued', 'running', 'done',
                      'picked_up', 'declined', 'cancelled', 'failed')),
  quote_json        TEXT NOT NULL,
  quote_total_cents INTEGER NOT NULL CHECK (typeof(quote_total_cents) = 'integer' AND quote_total_cents >= 0),
  -- Place in its machine's queue, only while queued.
  queue_position    INTEGER CHECK (queue_position IS NULL OR queue_position >= 1),
  created_at        TEXT NOT NULL,
  updated_at        TEXT NOT NULL,
  CHECK ((status = 'queued') = (queue_position IS NOT NULL)),
  CHECK (status NOT IN ('queued', 'running') OR machine_id IS NOT NULL)
);
CREATE INDEX jobs_status ON jobs (status);
CREATE INDEX jobs_queue ON jobs (machine_id, queue_position) WHERE status = 'queued';
CREATE INDEX jobs_requester ON jobs (requester_id);
CREATE TRIGGER jobs_no_delete BEFORE DELETE ON jobs
BEGIN SELECT RAISE(ABORT, 'jobs are never deleted; cancel them instead'); END;

CREATE TABLE job_files (
  job_id   INTEGER NOT NULL REFERENCES jobs (id),
  file_id  INTEGER NOT NULL REFERENCES files (id),
  position INTEGER NOT NULL,
  PRIMARY KEY (job_id, file_id)
);

-- The status graph, as data, so the database refuses an edge the code would refuse.
CREATE TABLE job_status_edges (
  from_status TEXT NOT NULL,
  to_status   TEXT NOT NULL,
  PRIMARY KEY (from_status, to_status)
);
INSERT INTO job_status_edges (from_status, to_status) VALUES
  ('draft', 'submitted'), ('draft', 'cancelled'),
  ('submitted', 'approved'), ('submitted', 'declined'), ('submitted', 'cancelled'),
  ('approved', 'queued'), ('approved', 'cancelled'),
  ('queued', 'running'), ('queued', 'cancelled'),
  ('running', 'done'), ('running', 'failed'), ('running', 'queued'),
  ('failed', 'queued'), ('failed', 'cancelled'),
  ('done', 'picked_up');

-- Every status a job has been in: who moved it, when, and why. Append-only.
CREATE TABLE job_transitions (
  id          INTEGER PRIMARY KEY,
  job_id      INTEGER NOT NULL REFERENCES jobs (id),
  from_status TEXT,
  to_status   TEXT NOT NULL,
  at          TEXT NOT NULL,
  actor_id    INTEGER REFERENCES persons (id),
  reason      TEXT
);
CREATE INDEX job_transitions_job ON job_transitions (job_id, id);
CREATE TRIGGER job_transitions_edge BEFORE INSERT ON job_transitions
WHEN NEW.from_status IS NOT NULL AND NOT EXISTS
  (SELECT 1 FROM job_status_edges WHERE from_status = NEW.from_status AND to_status = NEW.to_status)
BEGIN SELECT RAISE(ABORT, 'that job status change is not in the status graph'); END;
CREATE TRIGGER job_transitions_from_current BEFORE INSERT ON job_transitions
WHEN NEW.from_status IS NOT NULL AND NEW.from_status IS NOT (SELECT status FROM jobs WHERE id = NEW.job_id)
BEGIN SELECT RAISE(ABORT, 'a job transition must start from the job''s current status'); END;
CREATE TRIGGER job_transitions_no_update BEFORE UPDATE ON job_transitions
BEGIN SELECT RAISE(ABORT, 'job transitions are append-only'); END;
CREATE TRIGGER job_transitions_no_delete BEFORE DELETE ON job_transitions
BEGIN SELECT RAISE(ABORT, 'job transitions are append-only'); END;
-- A job's status only changes to the target of its newest transition.
CREATE TRIGGER jobs_status_follows_transition BEFORE UPDATE OF status ON jobs
WHEN NEW.status IS NOT OLD.status AND NEW.status IS NOT
  (SELECT to_status FROM job_transitions WHERE job_id = NEW.id ORDER BY id DESC LIMIT 1)
BEGIN SELECT RAISE(ABORT, 'a job''s status changes only with a recorded transition'); END;

-- Usage sessions: one per copy run of a job on a machine.
CREATE TABLE job_runs (
  id              INTEGER PRIMARY KEY,
  job_id          INTEGER NOT NULL REFERENCES jobs (id),
  copy_no         INTEGER NOT NULL CHECK (copy_no >= 1),
  machine_id      INTEGER NOT NULL REFERENCES machines (id),
  operator_id     INTEGER NOT NULL REFERENCES persons (id),
  started_by      INTEGER REFERENCES persons (id),
  started_at      TEXT NOT NULL,
  ended_at        TEXT,
  outcome         TEXT CHECK (outcome IN ('normal', 'failed', 'interrupted', 'aborted')),
  duration_s      INTEGER CHECK (duration_s IS NULL OR duration_s >= 0),
  material_mg     INTEGER CHECK (material_mg IS NULL OR material_mg >= 0),
  machine_run_id  INTEGER REFERENCES machine_runs (id),
  authorized      INTEGER NOT NULL CHECK (authorized IN (0, 1)),
  override_reason TEXT,
  bed_clear       INTEGER NOT NULL DEFAULT 0 CHECK (bed_clear IN (0, 1)),
  notes           TEXT,
  -- Rule L1: a start without authorization carries a staff override's reason.
  CHECK (authorized = 1 OR length(trim(coalesce(override_reason, ''))) > 0),
  CHECK ((ended_at IS NULL) = (outcome IS NULL))
);
CREATE INDEX job_runs_job ON job_runs (job_id, id);
CREATE INDEX job_runs_started ON job_runs (started_at);
CREATE UNIQUE INDEX job_runs_machine_run ON job_runs (machine_run_id) WHERE machine_run_id IS NOT NULL;
-- Rule L3: one running job per machine (and one running copy per job).
CREATE UNIQUE INDEX job_runs_one_per_machine ON job_runs (machine_id) WHERE ended_at IS NULL;
CREATE UNIQUE INDEX job_runs_one_per_job ON job_runs (job_id) WHERE ended_at IS NULL;
CREATE TRIGGER job_runs_no_delete BEFORE DELETE ON job_runs
BEGIN SELECT RAISE(ABORT, 'usage sessions are never deleted'); END;
CREATE TRIGGER job_runs_ended_fixed BEFORE UPDATE OF job_id, copy_no, machine_id, operator_id, started_at, ended_at,
  outcome, authorized, override_reason ON job_runs
WHEN OLD.ended_at IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'an ended usage session keeps its record (only material used may be corrected)'); END;

-- Manual reordering of a machine's queue, recorded (the default order is tier, due date, request time).
CREATE TABLE job_queue_moves (
  id            INTEGER PRIMARY KEY,
  job_id        INTEGER NOT NULL REFERENCES jobs (id),
  machine_id    INTEGER NOT NULL REFERENCES machines (id),
  from_position INTEGER NOT NULL,
  to_position   INTEGER NOT NULL,
  at            TEXT NOT NULL,
  actor_id      INTEGER REFERENCES persons (id),
  reason        TEXT
);
CREATE TRIGGER job_queue_moves_no_change BEFORE UPDATE ON job_queue_moves
BEGIN SELECT RAISE(ABORT, 'queue moves are append-only'); END;

-- Usage counters, fed by finished usage sessions: the counter's value is the sum.
CREATE TABLE machine_usage (
  id         INTEGER PRIMARY KEY,
  machine_id INTEGER NOT NULL REFERENCES machines (id),
  job_run_id INTEGER REFERENCES job_runs (id),
  counter    TEXT NOT NULL CHECK (counter IN ('print_hours', 'spindle_hours', 'laser_hours', 'filament_grams')),
  -- seconds for the hour counters, milligrams for filament
  amount     INTEGER NOT NULL CHECK (amount >= 0),
  at         TEXT NOT NULL
);
CREATE INDEX machine_usage_machine ON machine_usage (machine_id, counter);
CREATE TRIGGER machine_usage_no_update BEFORE UPDATE ON machine_usage
BEGIN SELECT RAISE(ABORT, 'usage counters are append-only'); END;
CREATE TRIGGER machine_usage_no_delete BEFORE DELETE ON machine_usage
BEGIN SELECT RAISE(ABORT, 'usage counters are append-only'); END;

CREATE TABLE maintenance_tickets (
  id              INTEGER PRIMARY KEY,
  number          INTEGER NOT NULL UNIQUE CHECK (number > 0),
  machine_id      INTEGER NOT NULL REFERENCES machines (id),
  kind            TEXT NOT NULL CHECK (kind IN ('broken', 'needs_check', 'safety')),
  title           TEXT NOT NULL CHECK (length(trim(title)) > 0),
  details         TEXT NOT NULL DEFAULT '',
  forces_shutdown INTEGER NOT NULL CHECK (forces_shutdown IN (0, 1)),
  status          TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'fixed', 'no_fault')),
  opened_by       INTEGER REFERENCES persons (id),
  opened_at       TEXT NOT NULL,
  closed_by       INTEGER REFERENCES persons (id),
  closed_at       TEXT,
  resolution      TEXT,
  CHECK ((status = 'open') = (closed_at IS NULL))
);
CREATE INDEX maintenance_tickets_open ON maintenance_tickets (machine_id) WHERE status = 'open';
CREATE TRIGGER maintenance_tickets_closed_fixed BEFORE UPDATE ON maintenance_tickets
WHEN OLD.status <> 'open'
BEGIN SELECT RAISE(ABORT, 'a closed ticket stays closed; open a new one'); END;
CREATE TRIGGER maintenance_tickets_no_delete BEFORE DELETE ON maintenance_tickets
BEGIN SELECT RAISE(ABORT, 'tickets are never deleted'); END;

CREATE TABLE maintenance_reminders (
  id           INTEGER PRIMARY KEY,
  machine_id   INTEGER NOT NULL REFERENCES machines (id),
  counter      TEXT NOT NULL CHECK (counter IN ('print_hours', 'spindle_hours', 'laser_hours', 'filament_grams')),
  title        TEXT NOT NULL CHECK (length(trim(title)) > 0),
  -- every so many seconds / milligrams
  every_amount INTEGER NOT NULL CHECK (every_amount > 0),
  -- the counter's value when the reminder was set up (counting starts there until the first sign-off)
  baseline     INTEGER NOT NULL CHECK (baseline >= 0),
  active       INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
  created_at   TEXT NOT NULL
);

-- The sign-off log: maintenance done and tickets resolved. Append-only.
CREATE TABLE maintenance_signoffs (
  id            INTEGER PRIMARY KEY,
  machine_id    INTEGER NOT NULL REFERENCES machines (id),
  ticket_id     INTEGER REFERENCES maintenance_tickets (id),
  reminder_id   INTEGER REFERENCES maintenance_reminders (id),
  -- the reminder's counter at sign-off, so its count starts again from here
  counter_value INTEGER,
  note          TEXT NOT NULL CHECK (length(trim(note)) > 0),
  by_id         INTEGER REFERENCES persons (id),
  at            TEXT NOT NULL
);
CREATE INDEX maintenance_signoffs_machine ON maintenance_signoffs (machine_id, id);
CREATE TRIGGER maintenance_signoffs_no_update BEFORE UPDATE ON maintenance_signoffs
BEGIN SELECT RAISE(ABORT, 'the sign-off log is append-only'); END;
CREATE TRIGGER maintenance_signoffs_no_delete BEFORE DELETE ON maintenance_signoffs
BEGIN SELECT RAISE(ABORT, 'the sign-off log is append-only'); END;
