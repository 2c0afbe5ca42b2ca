-- Registers for schemes such as the frailty service (issue 9, POP-1 part 3).
--
-- The frailty register is built in: its members are the moderately and severely frail patients
-- of the latest scoring run, so it has no row here. Other registers are defined by a list of
-- SNOMED CT codes: a registered patient with any coded entry from the list is on it.
create table population_register (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references organisation (id),
  key text not null check (key ~ '^[a-z][a-z0-9-]{1,40}$' and key <> 'frailty'),
  name text not null check (length(trim(name)) between 1 and 200),
  created_by uuid,
  created_at timestamptz not null default now(),
  unique (org_id, id),
  unique (org_id, key)
);

create table population_register_code (
  org_id uuid not null,
  register_id uuid not null,
  code text not null check (code ~ '^[1-9][0-9]{5,17}$'),
  primary key (register_id, code),
  foreign key (org_id, register_id) references population_register (org_id, id)
);
create index population_register_code_lookup on population_register_code (org_id, code);

-- A care plan or medication review done for a patient on a register, as recorded by their
-- practice. Kept as a history, never updated: the status is the latest of each kind. The
-- register is named by its key ('frailty' or a population_register key) so that the built-in
-- frailty register needs no row.
create table register_review (
  id bigint generated always as identity primary key,
  org_id uuid not null references organisation (id),
  register_key text not null check (register_key ~ '^[a-z][a-z0-9-]{1,40}$'),
  patient_id uuid not null,
  kind text not null check (kind in ('care-plan', 'medication-review')),
  done_on date not null,
  recorded_by uuid,
  recorded_at timestamptz not null default now(),
  foreign key (org_id, patient_id) references patient (org_id, id)
);
create index register_review_latest on register_review (org_id, register_key, patient_id, kind, done_on desc);
