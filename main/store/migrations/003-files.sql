-- File library: content-addressed bytes in dataDir/files/<sha256>, one parse result per content,
-- and the library entries people see (owner, name, notes, tags, sharing).

-- One row per distinct content: parsed once, whoever imports it.
CREATE TABLE file_contents (
  sha256        TEXT PRIMARY KEY CHECK (length(sha256) = 64),
  kind          TEXT NOT NULL CHECK (kind IN ('gcode', 'stl', 'obj', '3mf')),
  size          INTEGER NOT NULL CHECK (size >= 0),
  summary_json  TEXT NOT NULL,
  has_thumbnail INTEGER NOT NULL DEFAULT 0 CHECK (has_thumbnail IN (0, 1)),
  parser        INTEGER NOT NULL,
  parsed_at     TEXT NOT NULL
);

CREATE TABLE files (
  id          INTEGER PRIMARY KEY,
  sha256      TEXT NOT NULL REFERENCES file_contents (sha256),
  name        TEXT NOT NULL CHECK (length(trim(name)) > 0),
  owner_id    INTEGER NOT NULL REFERENCES persons (id),
  notes       TEXT NOT NULL DEFAULT '',
  -- Shared with everyone who can use the lab; specific people are in file_shares.
  shared_all  INTEGER NOT NULL DEFAULT 0 CHECK (shared_all IN (0, 1)),
  created_at  TEXT NOT NULL,
  updated_at  TEXT NOT NULL,
  removed_at  TEXT
);
CREATE INDEX files_owner ON files (owner_id);
CREATE INDEX files_sha ON files (sha256);

CREATE TABLE file_tags (
  file_id INTEGER NOT NULL REFERENCES files (id),
  tag     TEXT NOT NULL COLLATE NOCASE CHECK (length(trim(tag)) > 0),
  PRIMARY KEY (file_id, tag)
);

CREATE TABLE file_shares (
  file_id   INTEGER NOT NULL REFERENCES files (id),
  person_id INTEGER NOT NULL REFERENCES persons (id),
  PRIMARY KEY (file_id, person_id)
);
CREATE INDEX file_shares_person ON file_shares (person_id);
