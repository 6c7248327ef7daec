-- Treasury: a double-entry journal (integer cents, hash-chained, append-only) under the share register,
-- gifts and loans of a multi-stakeholder cooperative. Business dates are YYYY-MM-DD; instants ISO-8601 UTC.
-- The rules that must never break are enforced here as well as in the services, so a bug or a hand-edit
-- through the sqlite shell cannot bend them: posted entries, register operations and sent acknowledgments
-- are append-only; closed periods refuse entries; holdings and loan balances never go negative.

CREATE TABLE treasury_funds (
  id          INTEGER PRIMARY KEY,
  code        TEXT NOT NULL UNIQUE,
  name        TEXT NOT NULL,
  restriction TEXT NOT NULL CHECK (restriction IN ('unrestricted', 'purpose', 'time', 'permanent')),
  description TEXT
);

CREATE TABLE treasury_accounts (
  id              INTEGER PRIMARY KEY,
  -- Ledger name in beancount/hledger form; immutable because the hash chain covers it.
  code            TEXT NOT NULL UNIQUE CHECK (code GLOB '[A-Z]*'),
  name            TEXT NOT NULL,
  type            TEXT NOT NULL CHECK (type IN ('asset', 'liability', 'equity', 'income', 'expense')),
  member_class_id INTEGER,
  active          INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1))
);
CREATE TRIGGER treasury_accounts_fixed BEFORE UPDATE OF code, type ON treasury_accounts
BEGIN SELECT RAISE(ABORT, 'an account''s code and type cannot change once it exists'); END;
CREATE TRIGGER treasury_accounts_no_delete BEFORE DELETE ON treasury_accounts
BEGIN SELECT RAISE(ABORT, 'accounts are never deleted; deactivate them instead'); END;

CREATE TABLE treasury_share_classes (
  id             INTEGER PRIMARY KEY,
  code           TEXT NOT NULL UNIQUE,
  name           TEXT NOT NULL,
  par_cents      INTEGER NOT NULL CHECK (par_cents > 0),
  min_per_member INTEGER NOT NULL DEFAULT 1 CHECK (min_per_member >= 0),
  max_per_member INTEGER CHECK (max_per_member IS NULL OR max_per_member >= min_per_member),
  transferable   INTEGER NOT NULL CHECK (transferable IN (0, 1)),
  redeemable     INTEGER NOT NULL CHECK (redeemable IN (0, 1)),
  equity_account_id INTEGER NOT NULL REFERENCES treasury_accounts (id)
);

-- From the bylaws (Mississippi has no general cooperative statute, so nothing here is hard-coded in the app).
CREATE TABLE treasury_member_classes (
  id               INTEGER PRIMARY KEY,
  code             TEXT NOT NULL UNIQUE,
  name             TEXT NOT NULL,
  name_es          TEXT NOT NULL,
  eligibility      TEXT NOT NULL,
  votes_per_member INTEGER NOT NULL CHECK (votes_per_member >= 0),
  board_seats      INTEGER NOT NULL CHECK (board_seats >= 0),
  share_class_id   INTEGER NOT NULL UNIQUE REFERENCES treasury_share_classes (id),
  max_instalments  INTEGER NOT NULL DEFAULT 1 CHECK (max_instalments >= 1),
  -- 'full': shares are issued when the whole subscription is paid; 'per-share': each time another par is covered.
  issue_rule       TEXT NOT NULL DEFAULT 'full' CHECK (issue_rule IN ('full', 'per-share'))
);

CREATE TABLE treasury_parties (
  id         INTEGER PRIMARY KEY,
  kind       TEXT NOT NULL CHECK (kind IN ('person', 'organisation')),
  name       TEXT NOT NULL CHECK (length(trim(name)) > 0),
  email      TEXT,
  phone      TEXT,
  address    TEXT,
  person_id  INTEGER REFERENCES persons (id),
  created_at TEXT NOT NULL
);

CREATE TABLE treasury_periods (
  id        INTEGER PRIMARY KEY,
  name      TEXT NOT NULL UNIQUE,
  starts_on TEXT NOT NULL,
  ends_on   TEXT NOT NULL CHECK (ends_on >= starts_on),
  closed_at TEXT,
  closed_by INTEGER REFERENCES persons (id)
);
CREATE TRIGGER treasury_periods_locked BEFORE UPDATE ON treasury_periods WHEN OLD.closed_at IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'a closed period stays closed'); END;
CREATE TRIGGER treasury_periods_no_delete BEFORE DELETE ON treasury_periods
BEGIN SELECT RAISE(ABORT, 'periods are never deleted'); END;

CREATE TABLE treasury_campaigns (
  id         INTEGER PRIMARY KEY,
  code       TEXT NOT NULL UNIQUE,
  name       TEXT NOT NULL,
  goal_cents INTEGER NOT NULL CHECK (goal_cents > 0),
  starts_on  TEXT NOT NULL
);
CREATE TABLE treasury_campaign_tranches (
  id              INTEGER PRIMARY KEY,
  campaign_id     INTEGER NOT NULL REFERENCES treasury_campaigns (id),
  code            TEXT NOT NULL UNIQUE,
  name            TEXT NOT NULL,
  name_es         TEXT NOT NULL,
  kind            TEXT NOT NULL CHECK (kind IN ('share', 'gift', 'loan')),
  goal_cents      INTEGER NOT NULL CHECK (goal_cents > 0),
  count_target    INTEGER CHECK (count_target IS NULL OR count_target > 0),
  -- Which receipts count: shares of this member class; loans of this kind; gifts need no filter.
  member_class_id INTEGER REFERENCES treasury_member_classes (id),
  loan_kind       TEXT
);

-- The journal. Human numbers are gapless; each entry carries the hash of the one before it.
CREATE TABLE treasury_entries (
  id           INTEGER PRIMARY KEY,
  number       INTEGER NOT NULL UNIQUE CHECK (number > 0),
  date         TEXT NOT NULL CHECK (date GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
  memo         TEXT NOT NULL,
  kind         TEXT NOT NULL,
  party_id     INTEGER REFERENCES treasury_parties (id),
  tranche_id   INTEGER REFERENCES treasury_campaign_tranches (id),
  reverses_id  INTEGER UNIQUE REFERENCES treasury_entries (id),
  line_count   INTEGER NOT NULL CHECK (line_count >= 2),
  posted_at    TEXT NOT NULL,
  posted_by    INTEGER REFERENCES persons (id),
  prev_hash    TEXT NOT NULL,
  hash         TEXT NOT NULL UNIQUE
);
CREATE TABLE treasury_lines (
  entry_id     INTEGER NOT NULL REFERENCES treasury_entries (id),
  line_no      INTEGER NOT NULL CHECK (line_no >= 1),
  account_id   INTEGER NOT NULL REFERENCES treasury_accounts (id),
  amount_cents INTEGER NOT NULL CHECK (typeof(amount_cents) = 'integer' AND amount_cents <> 0),
  fund_id      INTEGER REFERENCES treasury_funds (id),
  party_id     INTEGER REFERENCES treasury_parties (id),
  memo         TEXT,
  PRIMARY KEY (entry_id, line_no)
);
CREATE INDEX treasury_lines_account ON treasury_lines (account_id);

CREATE TRIGGER treasury_entries_no_update BEFORE UPDATE ON treasury_entries
BEGIN SELECT RAISE(ABORT, 'a posted journal entry cannot be changed; post a reversing entry instead'); END;
CREATE TRIGGER treasury_entries_no_delete BEFORE DELETE ON treasury_entries
BEGIN SELECT RAISE(ABORT, 'a posted journal entry cannot be deleted; post a reversing entry instead'); END;
CREATE TRIGGER treasury_entries_closed_period BEFORE INSERT ON treasury_entries
WHEN EXISTS (SELECT 1 FROM treasury_periods WHERE closed_at IS NOT NULL AND NEW.date BETWEEN starts_on AND ends_on)
BEGIN SELECT RAISE(ABORT, 'that date falls in a closed period'); END;
CREATE TRIGGER treasury_lines_no_update BEFORE UPDATE ON treasury_lines
BEGIN SELECT RAISE(ABORT, 'a posted journal entry cannot be changed; post a reversing entry instead'); END;
CREATE TRIGGER treasury_lines_no_delete BEFORE DELETE ON treasury_lines
BEGIN SELECT RAISE(ABORT, 'a posted journal entry cannot be changed; post a reversing entry instead'); END;
-- An entry is sealed once it has the number of lines its header declares, and the last line must balance it.
CREATE TRIGGER treasury_lines_sealed BEFORE INSERT ON treasury_lines
WHEN (SELECT count(*) FROM treasury_lines WHERE entry_id = NEW.entry_id)
     >= (SELECT line_count FROM treasury_entries WHERE id = NEW.entry_id)
BEGIN SELECT RAISE(ABORT, 'a posted journal entry cannot be changed; post a reversing entry instead'); END;
CREATE TRIGGER treasury_lines_balance BEFORE INSERT ON treasury_lines
WHEN (SELECT count(*) FROM treasury_lines WHERE entry_id = NEW.entry_id)
       = (SELECT line_count FROM treasury_entries WHERE id = NEW.entry_id) - 1
 AND (SELECT coalesce(sum(amount_cents), 0) FROM treasury_lines WHERE entry_id = NEW.entry_id) + NEW.amount_cents <> 0
BEGIN SELECT RAISE(ABORT, 'a journal entry must balance: its lines must sum to zero'); END;

CREATE TABLE treasury_memberships (
  id              INTEGER PRIMARY KEY,
  member_number   INTEGER NOT NULL UNIQUE CHECK (member_number > 0),
  party_id        INTEGER NOT NULL REFERENCES treasury_parties (id),
  member_class_id INTEGER NOT NULL REFERENCES treasury_member_classes (id),
  status          TEXT NOT NULL CHECK (status IN ('candidate', 'active', 'withdrawn', 'expelled')),
  admitted_on     TEXT NOT NULL,
  ended_on        TEXT,
  UNIQUE (party_id, member_class_id)
);
CREATE TRIGGER treasury_memberships_number_fixed BEFORE UPDATE OF member_number, party_id, member_class_id ON treasury_memberships
BEGIN SELECT RAISE(ABORT, 'a member number belongs to its member for good'); END;
CREATE TRIGGER treasury_memberships_no_delete BEFORE DELETE ON treasury_memberships
BEGIN SELECT RAISE(ABORT, 'memberships are never deleted; they end'); END;

CREATE TABLE treasury_subscriptions (
  id            INTEGER PRIMARY KEY,
  membership_id INTEGER NOT NULL REFERENCES treasury_memberships (id),
  shares        INTEGER NOT NULL CHECK (shares > 0),
  amount_cents  INTEGER NOT NULL CHECK (amount_cents > 0),
  subscribed_on TEXT NOT NULL,
  cancelled_on  TEXT
);
CREATE TABLE treasury_share_payments (
  id              INTEGER PRIMARY KEY,
  subscription_id INTEGER NOT NULL REFERENCES treasury_subscriptions (id),
  date            TEXT NOT NULL,
  amount_cents    INTEGER NOT NULL CHECK (amount_cents > 0),
  entry_id        INTEGER NOT NULL UNIQUE REFERENCES treasury_entries (id)
);
CREATE TRIGGER treasury_share_payments_append_only BEFORE UPDATE ON treasury_share_payments
BEGIN SELECT RAISE(ABORT, 'share payments are append-only'); END;

-- The share register: append-only, gapless operation numbers, each tied to one balanced journal entry.
CREATE TABLE treasury_share_operations (
  id              INTEGER PRIMARY KEY,
  number          INTEGER NOT NULL UNIQUE CHECK (number > 0),
  kind            TEXT NOT NULL CHECK (kind IN ('issue', 'transfer-out', 'transfer-in', 'redeem', 'correction')),
  membership_id   INTEGER NOT NULL REFERENCES treasury_memberships (id),
  share_class_id  INTEGER NOT NULL REFERENCES treasury_share_classes (id),
  quantity        INTEGER NOT NULL CHECK (quantity <> 0),
  date            TEXT NOT NULL,
  entry_id        INTEGER NOT NULL REFERENCES treasury_entries (id),
  subscription_id INTEGER REFERENCES treasury_subscriptions (id),
  note            TEXT,
  created_at      TEXT NOT NULL,
  CHECK ((kind IN ('issue', 'transfer-in') AND quantity > 0) OR (kind IN ('transfer-out', 'redeem') AND quantity < 0)
         OR kind = 'correction')
);
CREATE TRIGGER treasury_share_operations_no_update BEFORE UPDATE ON treasury_share_operations
BEGIN SELECT RAISE(ABORT, 'the share register is append-only; record a correction'); END;
CREATE TRIGGER treasury_share_operations_no_delete BEFORE DELETE ON treasury_share_operations
BEGIN SELECT RAISE(ABORT, 'the share register is append-only; record a correction'); END;
CREATE TRIGGER treasury_share_operations_not_negative BEFORE INSERT ON treasury_share_operations
WHEN (SELECT coalesce(sum(quantity), 0) FROM treasury_share_operations
      WHERE membership_id = NEW.membership_id AND share_class_id = NEW.share_class_id) + NEW.quantity < 0
BEGIN SELECT RAISE(ABORT, 'a holding can never go below zero shares'); END;

CREATE TABLE treasury_certificates (
  id                  INTEGER PRIMARY KEY,
  number              INTEGER NOT NULL UNIQUE CHECK (number > 0),
  membership_id       INTEGER NOT NULL REFERENCES treasury_memberships (id),
  share_class_id      INTEGER NOT NULL REFERENCES treasury_share_classes (id),
  quantity            INTEGER NOT NULL CHECK (quantity > 0),
  issued_on           TEXT NOT NULL,
  operation_id        INTEGER NOT NULL REFERENCES treasury_share_operations (id),
  cancelled_on        TEXT,
  cancel_operation_id INTEGER REFERENCES treasury_share_operations (id),
  cancel_reason       TEXT
);
CREATE TRIGGER treasury_certificates_cancel_once BEFORE UPDATE ON treasury_certificates
WHEN OLD.cancelled_on IS NOT NULL OR NEW.number <> OLD.number OR NEW.membership_id <> OLD.membership_id
  OR NEW.quantity <> OLD.quantity OR NEW.issued_on <> OLD.issued_on OR NEW.operation_id <> OLD.operation_id
  OR NEW.share_class_id <> OLD.share_class_id
BEGIN SELECT RAISE(ABORT, 'a certificate can only be cancelled, once'); END;
CREATE TRIGGER treasury_certificates_no_delete BEFORE DELETE ON treasury_certificates
BEGIN SELECT RAISE(ABORT, 'certificates are never deleted; they are cancelled'); END;

-- Gifts never touch the share register or the member tables: no column here can create a share or a vote.
CREATE TABLE treasury_gifts (
  id                 INTEGER PRIMARY KEY,
  number             INTEGER NOT NULL UNIQUE CHECK (number > 0),
  donor_party_id     INTEGER NOT NULL REFERENCES treasury_parties (id),
  receiving_entity   TEXT NOT NULL,
  received_on        TEXT NOT NULL,
  kind               TEXT NOT NULL CHECK (kind IN ('cash', 'in-kind')),
  amount_cents       INTEGER CHECK (amount_cents IS NULL OR amount_cents > 0),
  description        TEXT,
  return_description TEXT,
  return_value_cents INTEGER NOT NULL DEFAULT 0 CHECK (return_value_cents >= 0),
  fund_id            INTEGER NOT NULL REFERENCES treasury_funds (id),
  tranche_id         INTEGER REFERENCES treasury_campaign_tranches (id),
  entry_id           INTEGER UNIQUE REFERENCES treasury_entries (id),
  voided_entry_id    INTEGER UNIQUE REFERENCES treasury_entries (id),
  void_reason        TEXT,
  created_at         TEXT NOT NULL,
  CHECK ((kind = 'cash' AND amount_cents IS NOT NULL AND entry_id IS NOT NULL) OR (kind = 'in-kind' AND description IS NOT NULL)),
  CHECK (return_value_cents = 0 OR return_description IS NOT NULL)
);
CREATE TRIGGER treasury_gifts_void_only BEFORE UPDATE ON treasury_gifts
WHEN OLD.voided_entry_id IS NOT NULL OR NEW.voided_entry_id IS NULL OR NEW.number <> OLD.number
  OR NEW.amount_cents IS NOT OLD.amount_cents OR NEW.donor_party_id <> OLD.donor_party_id OR NEW.kind <> OLD.kind
  OR NEW.entry_id IS NOT OLD.entry_id OR NEW.received_on <> OLD.received_on OR NEW.fund_id <> OLD.fund_id
  OR NEW.return_value_cents <> OLD.return_value_cents OR NEW.description IS NOT OLD.description
BEGIN SELECT RAISE(ABORT, 'a recorded gift cannot be edited; void it with a reversing entry and record it again'); END;
CREATE TRIGGER treasury_gifts_no_delete BEFORE DELETE ON treasury_gifts
BEGIN SELECT RAISE(ABORT, 'gifts are never deleted; void them with a reversing entry'); END;

CREATE TABLE treasury_acknowledgments (
  id             INTEGER PRIMARY KEY,
  number         INTEGER NOT NULL UNIQUE CHECK (number > 0),
  kind           TEXT NOT NULL CHECK (kind IN ('gift', 'year-end')),
  donor_party_id INTEGER NOT NULL REFERENCES treasury_parties (id),
  gift_id        INTEGER REFERENCES treasury_gifts (id),
  year           INTEGER,
  language       TEXT NOT NULL CHECK (language IN ('en', 'es')),
  content_json   TEXT NOT NULL,
  created_at     TEXT NOT NULL,
  sent_at        TEXT,
  supersedes_id  INTEGER UNIQUE REFERENCES treasury_acknowledgments (id)
);
-- Frozen once sent; before that only "sent" may be set. A correction is a new acknowledgment that supersedes it.
CREATE TRIGGER treasury_acknowledgments_frozen BEFORE UPDATE ON treasury_acknowledgments
WHEN OLD.sent_at IS NOT NULL OR NEW.content_json <> OLD.content_json OR NEW.number <> OLD.number
  OR NEW.gift_id IS NOT OLD.gift_id OR NEW.donor_party_id <> OLD.donor_party_id
BEGIN SELECT RAISE(ABORT, 'an acknowledgment is frozen once sent; issue a new one that supersedes it'); END;
CREATE TRIGGER treasury_acknowledgments_no_delete BEFORE DELETE ON treasury_acknowledgments
BEGIN SELECT RAISE(ABORT, 'acknowledgments are never deleted'); END;

CREATE TABLE treasury_loans (
  id                INTEGER PRIMARY KEY,
  number            INTEGER NOT NULL UNIQUE CHECK (number > 0),
  lender_party_id   INTEGER NOT NULL REFERENCES treasury_parties (id),
  kind              TEXT NOT NULL CHECK (kind IN ('pri', 'non-extractive', 'member-loan')),
  principal_cents   INTEGER NOT NULL CHECK (principal_cents > 0),
  rate_bp           INTEGER NOT NULL CHECK (rate_bp >= 0 AND rate_bp <= 5000),
  method            TEXT NOT NULL CHECK (method IN ('amortizing', 'interest-only')),
  term_months       INTEGER NOT NULL CHECK (term_months > 0 AND term_months <= 600),
  payments_per_year INTEGER NOT NULL CHECK (payments_per_year IN (1, 2, 4, 12)),
  agreement_on      TEXT NOT NULL,
  first_payment_on  TEXT NOT NULL,
  report_due_days   INTEGER,
  note              TEXT,
  created_at        TEXT NOT NULL
);
CREATE TRIGGER treasury_loans_terms_fixed BEFORE UPDATE ON treasury_loans
BEGIN SELECT RAISE(ABORT, 'loan terms are fixed once recorded; record an amendment as a new loan'); END;

CREATE TABLE treasury_loan_events (
  id              INTEGER PRIMARY KEY,
  loan_id         INTEGER NOT NULL REFERENCES treasury_loans (id),
  kind            TEXT NOT NULL CHECK (kind IN ('disbursement', 'repayment', 'forgiveness')),
  date            TEXT NOT NULL,
  principal_cents INTEGER NOT NULL CHECK (principal_cents >= 0),
  interest_cents  INTEGER NOT NULL DEFAULT 0 CHECK (interest_cents >= 0),
  entry_id        INTEGER NOT NULL UNIQUE REFERENCES treasury_entries (id),
  CHECK (principal_cents + interest_cents > 0),
  CHECK (kind = 'repayment' OR interest_cents = 0)
);
CREATE TRIGGER treasury_loan_events_append_only BEFORE UPDATE ON treasury_loan_events
BEGIN SELECT RAISE(ABORT, 'loan history is append-only'); END;
CREATE TRIGGER treasury_loan_events_no_delete BEFORE DELETE ON treasury_loan_events
BEGIN SELECT RAISE(ABORT, 'loan history is append-only'); END;
CREATE TRIGGER treasury_loan_balance_not_negative BEFORE INSERT ON treasury_loan_events
WHEN NEW.kind <> 'disbursement' AND (SELECT coalesce(sum(CASE kind WHEN 'disbursement' THEN principal_cents ELSE -principal_cents END), 0)
      FROM treasury_loan_events WHERE loan_id = NEW.loan_id) - NEW.principal_cents < 0
BEGIN SELECT RAISE(ABORT, 'a loan balance can never go below zero'); END;
CREATE TRIGGER treasury_loan_within_principal BEFORE INSERT ON treasury_loan_events
WHEN NEW.kind = 'disbursement' AND (SELECT coalesce(sum(principal_cents), 0) FROM treasury_loan_events
      WHERE loan_id = NEW.loan_id AND kind = 'disbursement') + NEW.principal_cents
     > (SELECT principal_cents FROM treasury_loans WHERE id = NEW.loan_id)
BEGIN SELECT RAISE(ABORT, 'disbursements cannot exceed the loan principal'); END;

CREATE TABLE treasury_pri_reports (
  id           INTEGER PRIMARY KEY,
  loan_id      INTEGER NOT NULL REFERENCES treasury_loans (id),
  fiscal_year  INTEGER NOT NULL,
  kind         TEXT NOT NULL CHECK (kind IN ('financial-report', 'compliance-statement')),
  submitted_on TEXT NOT NULL,
  UNIQUE (loan_id, fiscal_year, kind)
);

-- Seed: the chart of accounts, funds, and the bylaws' classes ($1,000 par), and the founding campaign.
INSERT INTO treasury_funds (id, code, name, restriction, description) VALUES
  (1, 'general', 'General operations', 'unrestricted', 'Without donor restrictions'),
  (2, 'capital', 'Building and equipment', 'purpose', 'Founding campaign: the lab building and its machines'),
  (3, 'production', 'Community production', 'purpose', 'Materials and labour for production runs such as the mask drive');

INSERT INTO treasury_accounts (id, code, name, type) VALUES
  (1, 'Assets:Bank:Operating', 'Operating bank account', 'asset'),
  (2, 'Assets:Bank:Capital', 'Capital campaign account', 'asset'),
  (10, 'Liabilities:Subscriptions:Received', 'Share payments received, shares not yet issued', 'liability'),
  (11, 'Liabilities:Loans:PRI', 'Program-related investments', 'liability'),
  (12, 'Liabilities:Loans:NonExtractive', 'Non-extractive loans', 'liability'),
  (13, 'Liabilities:Loans:Member', 'Member loans', 'liability'),
  (20, 'Equity:Shares:CooperationJackson', 'Member shares: Cooperation Jackson', 'equity'),
  (21, 'Equity:Shares:WorkerOwners', 'Member shares: worker-owner technicians', 'equity'),
  (22, 'Equity:Shares:Community', 'Member shares: community stakeholders', 'equity'),
  (25, 'Equity:NetAssets:WithoutDonorRestrictions', 'Net assets without donor restrictions', 'equity'),
  (26, 'Equity:NetAssets:WithDonorRestrictions', 'Net assets with donor restrictions', 'equity'),
  (30, 'Income:Contributions:WithoutDonorRestrictions', 'Gifts without donor restrictions', 'income'),
  (31, 'Income:Contributions:WithDonorRestrictions', 'Gifts with donor restrictions', 'income'),
  (32, 'Income:Contributions:InKind', 'In-kind gifts', 'income'),
  (33, 'Income:DebtForgiveness', 'Loans forgiven', 'income'),
  (34, 'Income:Services', 'Lab services and production sales', 'income'),
  (40, 'Expenses:Interest', 'Interest on loans', 'expense'),
  (41, 'Expenses:DonatedGoodsServices', 'Donated goods and services used', 'expense'),
  (42, 'Expenses:Operations', 'Operations', 'expense'),
  (43, 'Expenses:Materials', 'Materials', 'expense');

INSERT INTO treasury_share_classes
  (id, code, name, par_cents, min_per_member, max_per_member, transferable, redeemable, equity_account_id) VALUES
  (1, 'A', 'Class A (Cooperation Jackson)', 100000, 1, NULL, 0, 0, 20),
  (2, 'B', 'Class B (worker-owner technicians)', 100000, 1, 1, 0, 1, 21),
  (3, 'C', 'Class C (community stakeholders)', 100000, 1, 10, 1, 1, 22);

INSERT INTO treasury_member_classes
  (id, code, name, name_es, eligibility, votes_per_member, board_seats, share_class_id, max_instalments, issue_rule) VALUES
  (1, 'cooperation-jackson', 'Cooperation Jackson', 'Cooperation Jackson',
   'The parent organisation, as one member', 1, 3, 1, 1, 'per-share'),
  (2, 'worker-owner', 'Worker-owner technicians', 'Técnicos trabajadores-propietarios',
   'Fab Lab technicians employed by the cooperative after their candidacy', 1, 3, 2, 12, 'full'),
  (3, 'community', 'Community stakeholders', 'Miembros de la comunidad',
   'Residents and organisations of Jackson who use or support the lab', 1, 3, 3, 4, 'per-share');
UPDATE treasury_accounts SET member_class_id = 1 WHERE id = 20;
UPDATE treasury_accounts SET member_class_id = 2 WHERE id = 21;
UPDATE treasury_accounts SET member_class_id = 3 WHERE id = 22;

INSERT INTO treasury_campaigns (id, code, name, goal_cents, starts_on) VALUES
  (1, 'founding', 'Founding capital campaign', 60000000, '2025-01-01');
INSERT INTO treasury_campaign_tranches
  (id, campaign_id, code, name, name_es, kind, goal_cents, count_target, member_class_id, loan_kind) VALUES
  (1, 1, 'local-shares', 'Local shares', 'Acciones locales', 'share', 20000000, 200, 3, NULL),
  (2, 1, 'national-gifts', 'National gifts', 'Donaciones nacionales', 'gift', 20000000, 200, NULL, NULL),
  (3, 1, 'philanthropic', 'Philanthropic PRIs', 'Inversiones filantrópicas (PRI)', 'loan', 20000000, NULL, NULL, 'pri');
