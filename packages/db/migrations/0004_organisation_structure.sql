-- The organisation's structure: its form over time, how each practice holds its contract, sites,
-- cost centres and their merges, the people who work there (partners are staff on a partner
-- grade), and each practice's membership lifecycle with its due-diligence checklist.

-- Form changes are dated: the form in force on a day is the latest change on or before it.
-- organisation.form stays as the form the organisation was created with.
create table organisation_form_change (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references organisation (id),
  form text not null check (form in (
    'integrated-super-partnership', 'autonomy-super-partnership', 'pyramidal-super-partnership',
    'federation', 'hub-network', 'mcp-virtual', 'mcp-partially-integrated', 'mcp-fully-integrated'
  )),
  effective_from date not null,
  reason text,
  recorded_by uuid,
  created_at timestamptz not null default now(),
  unique (org_id, effective_from)
);
insert into organisation_form_change (org_id, form, effective_from)
  select id, form, created_at::date from organisation;

alter table practice
  -- Whether the practice holds its own contract, holds it on trust for the partnership, or is
  -- covered by the organisation's single contract. Null until someone records it.
  add column contract_holding text check (contract_holding in ('own', 'on-trust', 'single')),
  add column region text;

-- A place where care is given. practice_id null: a site of the whole organisation (an
-- integrated organisation's hub, say), not of one member.
create table site (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references organisation (id),
  practice_id uuid,
  name text not null check (length(trim(name)) > 0),
  address_line_1 text,
  address_line_2 text,
  address_line_3 text,
  address_line_4 text,
  postcode text,
  latitude numeric(8, 6) check (latitude between -90 and 90),
  longitude numeric(9, 6) check (longitude between -180 and 180),
  cqc_location_id text check (cqc_location_id ~ '^1-[0-9]{6,12}$'),
  services text[] not null default '{}',
  is_main boolean not null default false,
  created_at timestamptz not null default now(),
  foreign key (org_id, practice_id) references practice (org_id, id),
  unique (org_id, id),
  check ((latitude is null) = (longitude is null))
);
create index site_practice on site (org_id, practice_id);
-- One main site per practice: the one its address and phone number belong to.
create unique index site_one_main on site (practice_id) where is_main;

create table cost_centre (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references organisation (id),
  code text not null check (code ~ '^[A-Z0-9][A-Z0-9-]{0,19}$'),
  name text not null check (length(trim(name)) > 0),
  created_at timestamptz not null default now(),
  unique (org_id, code),
  unique (org_id, id)
);

-- A practice's cost centre from a date until its next assignment; history is only added to.
create table cost_centre_assignment (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null,
  practice_id uuid not null,
  cost_centre_id uuid not null,
  effective_from date not null,
  created_at timestamptz not null default now(),
  foreign key (org_id, practice_id) references practice (org_id, id),
  foreign key (org_id, cost_centre_id) references cost_centre (org_id, id),
  unique (practice_id, effective_from)
);
create index cost_centre_assignment_org on cost_centre_assignment (org_id, practice_id, effective_from);

-- The record of a merge, for the history screen; the assignments it made are the facts.
create table cost_centre_merge (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null,
  from_cost_centre_ids uuid[] not null check (cardinality(from_cost_centre_ids) > 0),
  into_cost_centre_id uuid not null,
  effective_from date not null,
  reason text,
  recorded_by uuid,
  created_at timestamptz not null default now(),
  foreign key (org_id, into_cost_centre_id) references cost_centre (org_id, id)
);
create index cost_centre_merge_org on cost_centre_merge (org_id, effective_from);

-- Everyone who works in the organisation. Partners are staff on a partner grade of the career
-- ladder; the workforce capability builds its register, rotas and pools on this table.
create table staff_member (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references organisation (id),
  full_name text not null check (length(trim(full_name)) > 0),
  staff_role text not null check (staff_role in (
    'gp', 'anp', 'practice-nurse', 'hca', 'phlebotomist', 'clinical-pharmacist',
    'physician-associate', 'practice-manager', 'care-navigator', 'administrator'
  )),
  -- The doctors' career ladder; a non-doctor partner (a nurse or managing partner) also has one.
  grade text check (grade in (
    'salaried-gp', 'associate-gp', 'salaried-partner', 'fixed-share-partner', 'equity-partner'
  )),
  employing_body text not null check (employing_body in ('practice', 'organisation', 'self-employed')),
  home_practice_id uuid,
  contracted_sessions numeric(4, 1) check (contracted_sessions >= 0 and contracted_sessions <= 14),
  date_of_birth date,
  started_on date,
  left_on date,
  created_at timestamptz not null default now(),
  foreign key (org_id, home_practice_id) references practice (org_id, id),
  unique (org_id, id),
  check (left_on is null or started_on is null or left_on >= started_on),
  check (employing_body <> 'practice' or home_practice_id is not null)
);
create index staff_member_practice on staff_member (org_id, home_practice_id);

-- Each practice's place in the membership lifecycle; the stage changes are its history.
create table membership (
  org_id uuid not null,
  practice_id uuid not null primary key,
  stage text not null check (stage in (
    'enquiry', 'due-diligence', 'decision', 'signed', 'onboarding', 'member', 'leaving', 'left',
    'declined', 'withdrawn'
  )),
  stage_since date not null,
  signing_document text check (signing_document in ('deed', 'mou', 'alliance-agreement', 'integration-agreement')),
  decided_by text,
  decision_reason text,
  list_stays_with_organisation boolean,
  updated_at timestamptz not null default now(),
  foreign key (org_id, practice_id) references practice (org_id, id)
);
create index membership_org_stage on membership (org_id, stage);
-- Practices already here were members when this arrived.
insert into membership (org_id, practice_id, stage, stage_since)
  select org_id, id, 'member', created_at::date from practice;

create table membership_stage_change (
  id bigint generated always as identity primary key,
  org_id uuid not null,
  practice_id uuid not null,
  from_stage text,
  to_stage text not null,
  changed_on date not null,
  decided_by text,
  decision_reason text,
  signing_document text,
  list_stays_with_organisation boolean,
  note text,
  changed_by uuid,
  created_at timestamptz not null default now(),
  foreign key (org_id, practice_id) references practice (org_id, id)
);
create index membership_stage_change_practice on membership_stage_change (org_id, practice_id, id);

create table due_diligence_item (
  org_id uuid not null,
  practice_id uuid not null,
  item text not null check (item in (
    'finances', 'cqc-rating', 'quality-indicators', 'list-growth', 'premises-liability',
    'workforce', 'ethos-interview'
  )),
  rating text check (rating in ('red', 'amber', 'green')),
  evidence text not null default '',
  assessed_by uuid,
  assessed_at timestamptz not null default now(),
  primary key (practice_id, item),
  foreign key (org_id, practice_id) references practice (org_id, id)
);
