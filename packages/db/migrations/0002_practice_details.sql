-- Practice details from the public GP practice list (ODS epraccur) and the contract, plus the
-- dated list size history. Columns are nullable where a practice created by hand (or the demo)
-- may not know them yet; the import fills them.

alter table practice
  -- GMS, PMS or APMS: not on the public practice list, so unknown until someone records it.
  add column contract_type text check (contract_type in ('GMS', 'PMS', 'APMS')),
  add column address_line_1 text,
  add column address_line_2 text,
  add column address_line_3 text,
  add column address_line_4 text,
  add column address_line_5 text,
  add column postcode text,
  add column phone text,
  add column opened_on date,
  -- The commissioner (CCG / ICB sub-location) code that holds the practice's contract.
  add column commissioner_code text,
  -- The regional grouping and high-level health geography codes of the practice list.
  add column national_grouping text,
  add column health_geography text,
  -- The practice's status on the practice list; practices made here are taken to be active.
  add column status text not null default 'active'
    check (status in ('active', 'closed', 'dormant', 'proposed'));

create table practice_list_size (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null,
  practice_id uuid not null,
  date date not null,
  list_size integer not null check (list_size >= 0),
  created_at timestamptz not null default now(),
  foreign key (org_id, practice_id) references practice (org_id, id),
  unique (practice_id, date)
);
create index practice_list_size_org on practice_list_size (org_id, practice_id, date);
