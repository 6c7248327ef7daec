-- "Mill a board" / "Cut vinyl": the board images, drawings and Roland files people keep to cut from (bytes in
-- dataDir/toolpaths/<sha256>.<kind>), and the values last used per machine, material and process (a small table
-- of its own; the general materials and presets library is separate work).

CREATE TABLE toolpath_sources (
  id          INTEGER PRIMARY KEY,
  owner_id    INTEGER NOT NULL REFERENCES persons (id),
  name        TEXT NOT NULL CHECK (length(trim(name)) > 0),
  kind        TEXT NOT NULL CHECK (kind IN ('png', 'svg', 'rml', 'camm')),
  sha256      TEXT NOT NULL CHECK (length(sha256) = 64),
  size        INTEGER NOT NULL CHECK (size >= 0),
  created_at  TEXT NOT NULL
);
CREATE INDEX toolpath_sources_owner ON toolpath_sources (owner_id, id);

CREATE TABLE toolpath_settings (
  machine_id  INTEGER NOT NULL REFERENCES machines (id),
  material    TEXT NOT NULL COLLATE NOCASE CHECK (length(trim(material)) > 0),
  process     TEXT NOT NULL CHECK (process IN ('pcb-traces', 'pcb-outline', 'vinyl')),
  values_json TEXT NOT NULL,
  updated_by  INTEGER REFERENCES persons (id),
  updated_at  TEXT NOT NULL,
  PRIMARY KEY (machine_id, material, process)
);
