-- Receipts and job payments (issue 12.9). A receipt is numbered R-YYYY-NNNN, gapless within each year of the lab's
-- calendar (the store's sequence `treasury.receipt.YYYY`), for one share payment, cash gift, sale or job payment;
-- its content (payer, amount, issuer's legal identity and tax status, the wording in English and Spanish) is frozen
-- when it is issued: a reprint shows the same number and words (a voided gift's receipt adds VOID, nothing else).
CREATE TABLE treasury_receipts (
  id           INTEGER PRIMARY KEY,
  number       TEXT NOT NULL UNIQUE CHECK (number GLOB 'R-[0-9][0-9][0-9][0-9]-[0-9][0-9][0-9][0-9]*'),
  year         INTEGER NOT NULL,
  seq          INTEGER NOT NULL CHECK (seq >= 1),
  kind         TEXT NOT NULL CHECK (kind IN ('share-payment', 'gift', 'sale', 'job-payment')),
  -- The record it is for: treasury_share_payments, treasury_gifts, production_distributions or treasury_job_payments.
  source_id    INTEGER NOT NULL,
  issued_on    TEXT NOT NULL,
  amount_cents INTEGER NOT NULL CHECK (typeof(amount_cents) = 'integer' AND amount_cents > 0),
  content_json TEXT NOT NULL,
  created_at   TEXT NOT NULL,
  UNIQUE (year, seq),
  UNIQUE (kind, source_id)
);
CREATE TRIGGER treasury_receipts_no_update BEFORE UPDATE ON treasury_receipts
BEGIN SELECT RAISE(ABORT, 'a receipt never changes once issued'); END;
CREATE TRIGGER treasury_receipts_no_delete BEFORE DELETE ON treasury_receipts
BEGIN SELECT RAISE(ABORT, 'a receipt is never deleted'); END;

-- What a job was paid: once per job, on its day, posted to Income:JobFees by its own entry.
CREATE TABLE treasury_job_payments (
  id           INTEGER PRIMARY KEY,
  job_id       INTEGER NOT NULL UNIQUE REFERENCES jobs (id),
  paid_on      TEXT NOT NULL,
  amount_cents INTEGER NOT NULL CHECK (typeof(amount_cents) = 'integer' AND amount_cents > 0),
  payer_name   TEXT NOT NULL,
  entry_id     INTEGER NOT NULL UNIQUE REFERENCES treasury_entries (id),
  created_at   TEXT NOT NULL
);
CREATE TRIGGER treasury_job_payments_append_only BEFORE UPDATE ON treasury_job_payments
BEGIN SELECT RAISE(ABORT, 'job payments are append-only'); END;
CREATE TRIGGER treasury_job_payments_no_delete BEFORE DELETE ON treasury_job_payments
BEGIN SELECT RAISE(ABORT, 'job payments are append-only'); END;

-- Income of their own, kept by their records: fees for lab jobs, and sales of what production made (mask sales).
INSERT INTO treasury_accounts (code, name, type) VALUES
  ('Income:JobFees', 'Job fees', 'income'),
  ('Income:Sales:Production', 'Sales of production runs', 'income');
