-- Issue 12: Open Badges 2.0 with hosted verification. A badge is published when its holder (or staff) first exports
-- it: the row gives the hosted assertion an unguessable id and keeps the recipient only as a salted sha256 hash of
-- the email or web address it was issued to. Re-issuing to another identity replaces the hash (audited); the id stays.
CREATE TABLE training_badges (
  authorization_id INTEGER PRIMARY KEY REFERENCES training_authorizations (id),
  public_id        TEXT NOT NULL UNIQUE CHECK (length(public_id) = 32 AND public_id NOT GLOB '*[^0-9a-f]*'),
  recipient_type   TEXT NOT NULL CHECK (recipient_type IN ('email', 'url')),
  salt             TEXT NOT NULL CHECK (length(salt) >= 16),
  identity_hash    TEXT NOT NULL CHECK (identity_hash GLOB 'sha256$*' AND length(identity_hash) = 71),
  issued_at        TEXT NOT NULL,
  issued_by        INTEGER REFERENCES persons (id),
  changed_at       TEXT
);
CREATE TRIGGER training_badges_keep_id BEFORE UPDATE OF authorization_id, public_id, issued_at ON training_badges
BEGIN SELECT RAISE(ABORT, 'a published badge keeps its address'); END;
CREATE TRIGGER training_badges_no_delete BEFORE DELETE ON training_badges
BEGIN SELECT RAISE(ABORT, 'a published badge is never deleted; revoke the authorization instead'); END;
