-- Finance (FIN-1 to FIN-4): a double-entry ledger kept per cost centre, the organisation's finance
-- settings, levy runs and their invoices, central savings against the levy, and the tables for
-- payment tracking (expected and received payments, matches, the chase log). Money is whole
-- pence in bigint columns. Recharges (FIN-5) and parity plans (FIN-6) come in a later migration.

-- The chart of accounts, per organisation so an organisation can add its own lines later. The
-- standard chart lives in the domain (finance/accounts.ts) and is written here on first use.
create table finance_account (
  org_id uuid not null references organisation (id),
  code text not null check (code ~ '^[0-9]{4}$'),
  name text not null check (length(trim(name)) > 0),
  kind text not null check (kind in ('income', 'expenditure', 'asset', 'liability')),
  created_at timestamptz not null default now(),
  primary key (org_id, code)
);

-- A journal entry: a dated set of lines whose debits equal their credits. Entries are never
-- changed or removed; a correction is a new entry that reverses the original, once.
create table journal_entry (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references organisation (id),
  entry_date date not null,
  description text not null check (length(trim(description)) > 0 and length(description) <= 500),
  -- What made it: 'manual', 'reversal', 'levy', 'levy-payment', and later kinds (recharges...).
  source text not null check (source ~ '^[a-z][a-z-]{0,39}$'),
  reverses_entry_id uuid,
  posted_by uuid,
  created_at timestamptz not null default now(),
  unique (org_id, id),
  foreign key (org_id, reverses_entry_id) references journal_entry (org_id, id),
  foreign key (org_id, posted_by) references app_user (org_id, id),
  check (reverses_entry_id is null or source = 'reversal'),
  check (reverses_entry_id <> id)
);
create index journal_entry_org_date on journal_entry (org_id, entry_date);
-- An entry is reversed at most once: a second reversal would undo the correction.
create unique index journal_entry_reversed_once on journal_entry (reverses_entry_id)
  where reverses_entry_id is not null;

create table journal_line (
  id bigint generated always as identity primary key,
  org_id uuid not null,
  entry_id uuid not null,
  line_number integer not null check (line_number >= 1),
  -- The entry's date, kept on each line so a cost centre's lines for a period are one index
  -- range; the commit-time check below holds it equal to the entry's.
  entry_date date not null,
  cost_centre_id uuid not null,
  account_code text not null,
  debit_pence bigint not null default 0 check (debit_pence >= 0),
  credit_pence bigint not null default 0 check (credit_pence >= 0),
  memo text check (length(memo) <= 500),
  foreign key (org_id, entry_id) references journal_entry (org_id, id),
  foreign key (org_id, cost_centre_id) references cost_centre (org_id, id),
  foreign key (org_id, account_code) references finance_account (org_id, code),
  unique (entry_id, line_number),
  -- Each line is a debit or a credit, never both or neither.
  check ((debit_pence > 0) <> (credit_pence > 0))
);
create index journal_line_entry on journal_line (org_id, entry_id);
create index journal_line_centre on journal_line (org_id, cost_centre_id, entry_date);
create index journal_line_org_date on journal_line (org_id, entry_date);

-- Every entry balances, has at least two lines and its date on each, checked at commit so its lines can be written
-- one statement at a time inside the transaction that posts it.
create function journal_entry_check_balance(checked_entry uuid) returns void language plpgsql as $$
declare
  line_count integer;
  debits bigint;
  credits bigint;
begin
  select count(*), coalesce(sum(debit_pence), 0), coalesce(sum(credit_pence), 0)
    into line_count, debits, credits
    from journal_line where entry_id = checked_entry;
  if line_count < 2 then
    raise exception 'journal entry % needs at least two lines, has %', checked_entry, line_count
      using errcode = 'check_violation';
  end if;
  if exists (select 1 from journal_line l join journal_entry e on e.id = l.entry_id
              where l.entry_id = checked_entry and l.entry_date <> e.entry_date) then
    raise exception 'journal entry % has lines dated otherwise than the entry', checked_entry
      using errcode = 'check_violation';
  end if;
  if debits <> credits then
    raise exception 'journal entry % does not balance: debits %p, credits %p',
      checked_entry, debits, credits
      using errcode = 'check_violation';
  end if;
end;
$$;

create function journal_entry_balances() returns trigger language plpgsql as $$
begin
  perform journal_entry_check_balance(new.id);
  return null;
end;
$$;

create function journal_line_balances() returns trigger language plpgsql as $$
begin
  perform journal_entry_check_balance(new.entry_id);
  return null;
end;
$$;

create constraint trigger journal_entry_balanced after insert on journal_entry
  deferrable initially deferred
  for each row execute function journal_entry_balances();
create constraint trigger journal_line_balanced after insert on journal_line
  deferrable initially deferred
  for each row execute function journal_line_balances();

create function ledger_is_append_only() returns trigger language plpgsql as $$
begin
  raise exception '% is append-only: % is not allowed; post a reversing entry instead',
    tg_table_name, tg_op
    using errcode = 'insufficient_privilege';
end;
$$;

create trigger journal_entry_no_update_or_delete before update or delete on journal_entry
  for each row execute function ledger_is_append_only();
create trigger journal_entry_no_truncate before truncate on journal_entry
  for each statement execute function ledger_is_append_only();
create trigger journal_line_no_update_or_delete before update or delete on journal_line
  for each row execute function ledger_is_append_only();
create trigger journal_line_no_truncate before truncate on journal_line
  for each statement execute function ledger_is_append_only();

-- How the organisation runs its finances. No row: the defaults of its form (the domain's form
-- policy gives the levy rate), shown as such until someone saves them.
create table finance_settings (
  org_id uuid primary key references organisation (id),
  levy_pence_per_patient_per_year integer not null
    check (levy_pence_per_patient_per_year between 0 and 100000),
  levy_basis text not null check (levy_basis in ('registered-list', 'weighted-list')),
  levy_frequency text not null check (levy_frequency in ('monthly', 'quarterly', 'annually')),
  levy_vat_treatment text not null check (levy_vat_treatment in ('outside-scope', 'exempt', 'standard')),
  standard_vat_basis_points integer not null default 2000
    check (standard_vat_basis_points between 0 and 10000),
  payment_terms_days integer not null default 30 check (payment_terms_days between 0 and 365),
  invoice_prefix text not null default 'LEVY' check (invoice_prefix ~ '^[A-Z][A-Z0-9]{0,9}$'),
  -- The centre's own ledger: the cost centre the levy is income of.
  central_cost_centre_id uuid,
  updated_by uuid,
  updated_at timestamptz not null default now(),
  foreign key (org_id, central_cost_centre_id) references cost_centre (org_id, id),
  foreign key (org_id, updated_by) references app_user (org_id, id)
);

-- The weighted list (the global sum formula's count), when the levy is charged on it.
alter table practice_list_size
  add column weighted_list_size integer check (weighted_list_size >= 0);

-- One levy run per billing period: the rate, basis and treatment it used are kept on each
-- invoice. Periods of one organisation never overlap, so nobody is charged twice for a day.
create table levy_run (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references organisation (id),
  financial_year integer not null check (financial_year between 2000 and 2999),
  frequency text not null check (frequency in ('monthly', 'quarterly', 'annually')),
  period_number integer not null check (period_number between 1 and 12),
  period_from date not null,
  period_to date not null,
  period_label text not null,
  issued_on date not null,
  run_by uuid,
  created_at timestamptz not null default now(),
  unique (org_id, id),
  unique (org_id, period_from, period_to),
  foreign key (org_id, run_by) references app_user (org_id, id),
  check (period_to >= period_from),
  exclude using gist (org_id with =, daterange(period_from, period_to, '[]') with &&)
);

create table levy_invoice (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null,
  levy_run_id uuid not null,
  practice_id uuid not null,
  -- Numbered per organisation and financial year from 1 without gaps: PREFIX-YEAR-00001.
  financial_year integer not null,
  sequence integer not null check (sequence >= 1),
  invoice_number text not null,
  issued_on date not null,
  due_on date not null,
  period_from date not null,
  period_to date not null,
  period_label text not null,
  basis text not null check (basis in ('registered-list', 'weighted-list')),
  list_size integer not null check (list_size >= 0),
  list_counted_on date not null,
  pence_per_patient_per_year integer not null check (pence_per_patient_per_year >= 0),
  vat_treatment text not null check (vat_treatment in ('outside-scope', 'exempt', 'standard')),
  net_pence bigint not null check (net_pence >= 0),
  vat_pence bigint not null check (vat_pence >= 0),
  gross_pence bigint not null,
  status text not null default 'unpaid' check (status in ('unpaid', 'paid')),
  paid_on date,
  -- The entry that charged it (both ledgers) and, once paid, the entry that settled it.
  journal_entry_id uuid not null,
  payment_entry_id uuid,
  created_at timestamptz not null default now(),
  unique (org_id, id),
  unique (org_id, financial_year, sequence),
  unique (org_id, invoice_number),
  unique (levy_run_id, practice_id),
  foreign key (org_id, levy_run_id) references levy_run (org_id, id),
  foreign key (org_id, practice_id) references practice (org_id, id),
  foreign key (org_id, journal_entry_id) references journal_entry (org_id, id),
  foreign key (org_id, payment_entry_id) references journal_entry (org_id, id),
  check (gross_pence = net_pence + vat_pence),
  check (due_on >= issued_on),
  check ((status = 'paid') = (paid_on is not null)),
  check ((status = 'paid') = (payment_entry_id is not null))
);
create index levy_invoice_practice on levy_invoice (org_id, practice_id, issued_on);

create table levy_invoice_line (
  org_id uuid not null,
  invoice_id uuid not null,
  line_number integer not null check (line_number >= 1),
  description text not null check (length(trim(description)) > 0),
  quantity integer not null check (quantity >= 0),
  net_pence bigint not null check (net_pence >= 0),
  vat_treatment text not null check (vat_treatment in ('outside-scope', 'exempt', 'standard')),
  vat_pence bigint not null check (vat_pence >= 0),
  primary key (invoice_id, line_number),
  foreign key (org_id, invoice_id) references levy_invoice (org_id, id)
);

-- What a central service saved a practice over a period (FIN-3): what earns the levy back.
create table central_saving (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null,
  practice_id uuid not null,
  service text not null check (service in (
    'accountancy', 'banking', 'indemnity-group-deal', 'buyers-group', 'locum-pool'
  )),
  period_from date not null,
  period_to date not null,
  amount_pence bigint not null check (amount_pence >= 0),
  note text check (length(note) <= 500),
  recorded_by uuid,
  created_at timestamptz not null default now(),
  foreign key (org_id, practice_id) references practice (org_id, id),
  foreign key (org_id, recorded_by) references app_user (org_id, id),
  check (period_to >= period_from)
);
create index central_saving_practice on central_saving (org_id, practice_id, period_from);

-- Payment tracking (FIN-4). A payment a practice expects: from its contract and schedules, or
-- added by hand; someone owns chasing it.
create table expected_payment (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null,
  practice_id uuid not null,
  kind text not null check (kind in (
    'global-sum', 'qof-aspiration', 'qof-achievement', 'enhanced-service', 'training-grant', 'other'
  )),
  payer text not null check (length(trim(payer)) > 0),
  reference text,
  description text not null default '',
  amount_pence bigint not null check (amount_pence > 0),
  due_on date not null,
  owner_id uuid,
  created_by uuid,
  created_at timestamptz not null default now(),
  unique (org_id, id),
  foreign key (org_id, practice_id) references practice (org_id, id),
  foreign key (org_id, owner_id) references app_user (org_id, id),
  foreign key (org_id, created_by) references app_user (org_id, id)
);
create index expected_payment_practice on expected_payment (org_id, practice_id, due_on);

-- One imported statement: all its rows arrive together or none do.
create table payment_import (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references organisation (id),
  file_name text,
  row_count integer not null check (row_count >= 0),
  imported_by uuid,
  created_at timestamptz not null default now(),
  unique (org_id, id),
  foreign key (org_id, imported_by) references app_user (org_id, id)
);

create table received_payment (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null,
  import_id uuid not null,
  row_number integer not null check (row_number >= 1),
  received_on date not null,
  payer text not null,
  reference text not null default '',
  amount_pence bigint not null check (amount_pence <> 0),
  -- Whose account it came into, when the statement says; else the matched payment's practice.
  practice_id uuid,
  created_at timestamptz not null default now(),
  unique (org_id, id),
  unique (import_id, row_number),
  foreign key (org_id, import_id) references payment_import (org_id, id),
  foreign key (org_id, practice_id) references practice (org_id, id)
);
create index received_payment_org_date on received_payment (org_id, received_on);

-- A received payment settles one expected payment: by a matching rule, or by a person.
create table payment_match (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null,
  received_payment_id uuid not null unique,
  expected_payment_id uuid not null unique,
  rule text not null check (rule in ('reference', 'amount-payer-date', 'manual')),
  matched_by uuid,
  created_at timestamptz not null default now(),
  foreign key (org_id, received_payment_id) references received_payment (org_id, id),
  foreign key (org_id, expected_payment_id) references expected_payment (org_id, id),
  foreign key (org_id, matched_by) references app_user (org_id, id)
);

-- Each time someone chased an overdue payment, and what comes next.
create table payment_chase (
  id bigint generated always as identity primary key,
  org_id uuid not null,
  expected_payment_id uuid not null,
  chased_on date not null,
  method text not null check (method in ('email', 'phone', 'letter', 'portal', 'other')),
  note text not null default '' check (length(note) <= 1000),
  next_action_on date,
  chased_by uuid,
  created_at timestamptz not null default now(),
  foreign key (org_id, expected_payment_id) references expected_payment (org_id, id),
  foreign key (org_id, chased_by) references app_user (org_id, id)
);
create index payment_chase_payment on payment_chase (org_id, expected_payment_id, chased_on);
