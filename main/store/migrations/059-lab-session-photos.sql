-- A photo of the result when a session stops (issue 16): a small PNG, JPEG or WebP image kept beside the database
-- at lab/photos/<session id> (like the library's files), at most 2 MiB; the row says its type and size.
ALTER TABLE lab_sessions ADD COLUMN photo_type TEXT
  CHECK (photo_type IS NULL OR photo_type IN ('image/png', 'image/jpeg', 'image/webp'));
ALTER TABLE lab_sessions ADD COLUMN photo_bytes INTEGER
  CHECK ((photo_type IS NULL) = (photo_bytes IS NULL) AND (photo_bytes IS NULL OR photo_bytes BETWEEN 1 AND 2097152));
