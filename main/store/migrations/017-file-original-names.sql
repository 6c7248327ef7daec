-- A library entry keeps the name it was imported under when that name had to be cleaned (control or
-- bidi-override characters removed, shortened): `name` is what people see, `original_name` the record.
ALTER TABLE files ADD COLUMN original_name TEXT;
