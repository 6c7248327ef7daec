-- Each machine's highest hotend and bed temperature the Desk will ask for (°C). A request above it is refused, from
-- the heater buttons and from the console alike. The defaults suit a common PTFE-lined hotend and a PEI bed; staff
-- set each printer's own limits on its registration.

ALTER TABLE machines ADD COLUMN max_hotend_c INTEGER NOT NULL DEFAULT 260 CHECK (max_hotend_c BETWEEN 0 AND 500);
ALTER TABLE machines ADD COLUMN max_bed_c INTEGER NOT NULL DEFAULT 110 CHECK (max_bed_c BETWEEN 0 AND 200);
