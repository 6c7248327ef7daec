-- Treasury, second step: interest accrued on loans, and a fiscal year that need not be the calendar year.

-- Interest owed to lenders and not yet paid: accrued before each repayment, when a fiscal year is closed, and on
-- request (month end). Expenses:Interest (40) already exists.
INSERT INTO treasury_accounts (id, code, name, type) VALUES
  (14, 'Liabilities:InterestPayable', 'Interest accrued on loans, not yet paid', 'liability');

-- One row per accrual: the interest one loan earned its lender up to and including `through_on`, beyond what was
-- already expensed, posted as one balanced entry (Expenses:Interest / Liabilities:InterestPayable).
CREATE TABLE treasury_loan_accruals (
  id             INTEGER PRIMARY KEY,
  loan_id        INTEGER NOT NULL REFERENCES treasury_loans (id),
  through_on     TEXT NOT NULL CHECK (through_on GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
  interest_cents INTEGER NOT NULL CHECK (typeof(interest_cents) = 'integer' AND interest_cents > 0),
  entry_id       INTEGER NOT NULL UNIQUE REFERENCES treasury_entries (id)
);
CREATE INDEX treasury_loan_accruals_loan ON treasury_loan_accruals (loan_id);
CREATE TRIGGER treasury_loan_accruals_no_update BEFORE UPDATE ON treasury_loan_accruals
BEGIN SELECT RAISE(ABORT, 'loan history is append-only'); END;
CREATE TRIGGER treasury_loan_accruals_no_delete BEFORE DELETE ON treasury_loan_accruals
BEGIN SELECT RAISE(ABORT, 'loan history is append-only'); END;

-- The fiscal year's first day (month, day); a fiscal year is named by the calendar year it ends in. Days stop at
-- 28 so that every year has the day. One row, changed only through the service (which audits it).
CREATE TABLE treasury_fiscal_year (
  id          INTEGER PRIMARY KEY CHECK (id = 1),
  start_month INTEGER NOT NULL CHECK (start_month BETWEEN 1 AND 12),
  start_day   INTEGER NOT NULL CHECK (start_day BETWEEN 1 AND 28)
);
INSERT INTO treasury_fiscal_year (id, start_month, start_day) VALUES (1, 1, 1);
CREATE TRIGGER treasury_fiscal_year_no_delete BEFORE DELETE ON treasury_fiscal_year
BEGIN SELECT RAISE(ABORT, 'the fiscal year start can be changed, not removed'); END;

-- Closed years form one unbroken stretch: each starts the day after the last closed one ends, and everything on or
-- before the last closed day is locked (also days before the first closed year, whose books were closed with it).
CREATE TRIGGER treasury_periods_in_order BEFORE INSERT ON treasury_periods
WHEN NEW.closed_at IS NOT NULL AND EXISTS (SELECT 1 FROM treasury_periods WHERE closed_at IS NOT NULL)
 AND NEW.starts_on <> (SELECT date(max(ends_on), '+1 day') FROM treasury_periods WHERE closed_at IS NOT NULL)
BEGIN SELECT RAISE(ABORT, 'fiscal years close in order, each the day after the last closed one ends'); END;
CREATE TRIGGER treasury_entries_closed_books BEFORE INSERT ON treasury_entries
WHEN NEW.date <= (SELECT max(ends_on) FROM treasury_periods WHERE closed_at IS NOT NULL)
BEGIN SELECT RAISE(ABORT, 'that date falls in a closed period'); END;
