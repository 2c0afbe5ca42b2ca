-- Workforce: the staff register's details, moves on the career ladder, rota sessions and who is
-- rostered on them, leave and sickness, the internal locum and salaried pools with their
-- availability and offers, and crises with the resilience team deployed to them.

create table organisation_settings (
  org_id uuid primary key references organisation (id),
  -- The doctors' career ladder this organisation uses, lowest rung first.
  career_ladder text[] not null default
    array['salaried-gp', 'associate-gp', 'salaried-partner', 'fixed-share-partner', 'equity-partner'],
  -- What an external locum GP costs a session, in pence: the yardstick for the pools' saving.
  external_locum_pence_per_session integer not null default 90000
    check (external_locum_pence_per_session >= 0),
  updated_at timestamptz not null default now()
);

alter table staff_member
  -- GMC (7 digits), NMC (2 digits, a letter, 4 digits, a letter), GPhC (7 digits), HCPC (2
  -- letters, digits); checked by the domain, which knows which body registers which role.
  add column registration_number text,
  add column skills text[] not null default '{}',
  -- Central staff the organisation sends to a practice in crisis.
  add column resilience_team boolean not null default false,
  -- The person's sign-in, when they have one: how a pool GP sees the offers made to them.
  add column user_id uuid,
  add constraint staff_member_user foreign key (org_id, user_id) references app_user (org_id, id),
  add constraint staff_member_one_per_user unique (user_id);

-- The sites someone can work at, beyond their home practice's.
create table staff_site (
  org_id uuid not null,
  staff_id uuid not null,
  site_id uuid not null,
  primary key (staff_id, site_id),
  foreign key (org_id, staff_id) references staff_member (org_id, id) on delete cascade,
  foreign key (org_id, site_id) references site (org_id, id) on delete cascade
);

-- Moves up and down the ladder: the history the person page shows.
create table grade_change (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null,
  staff_id uuid not null,
  from_grade text,
  to_grade text not null,
  effective_from date not null,
  reason text not null check (length(trim(reason)) > 0),
  recorded_by uuid,
  created_at timestamptz not null default now(),
  foreign key (org_id, staff_id) references staff_member (org_id, id),
  unique (staff_id, effective_from)
);

-- A session of work at a site: the unit of the rota, and what appointment slots are cut from.
create table rota_session (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null,
  site_id uuid not null,
  starts_at timestamptz not null,
  ends_at timestamptz not null,
  period text not null check (period in ('am', 'pm', 'evening', 'custom')),
  required_role text not null check (required_role in (
    'gp', 'anp', 'practice-nurse', 'hca', 'phlebotomist', 'clinical-pharmacist',
    'physician-associate', 'practice-manager', 'care-navigator', 'administrator'
  )),
  required_skills text[] not null default '{}',
  -- How many people the session needs; fewer assigned is a gap.
  staff_needed integer not null default 1 check (staff_needed between 1 and 20),
  -- 1 (can wait) to 5 (the practice cannot open without it): weights the optimiser.
  urgency integer not null default 3 check (urgency between 1 and 5),
  -- Evenings, Fridays and the like that nobody wants: spread fairly across the pool.
  unpopular boolean not null default false,
  created_at timestamptz not null default now(),
  foreign key (org_id, site_id) references site (org_id, id),
  unique (org_id, id),
  check (ends_at > starts_at)
);
create index rota_session_site_time on rota_session (org_id, site_id, starts_at);
create index rota_session_time on rota_session (org_id, starts_at);

-- Someone rostered on a session. The exclusion constraint is the guarantee that nobody is in
-- two places at once, whatever the concurrency; travel time between sites is the domain's check.
create table session_assignment (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null,
  session_id uuid not null,
  staff_id uuid not null,
  -- Filled in by the trigger below from the session; callers need not send it.
  during tstzrange not null default tstzrange(null, null),
  source text not null default 'rota' check (source in ('rota', 'pool', 'resilience')),
  assigned_by uuid,
  created_at timestamptz not null default now(),
  foreign key (org_id, session_id) references rota_session (org_id, id) on delete cascade,
  foreign key (org_id, staff_id) references staff_member (org_id, id),
  unique (session_id, staff_id),
  exclude using gist (staff_id with =, during with &&)
);
create index session_assignment_session on session_assignment (org_id, session_id);

-- An assignment's time is its session's, kept here for the exclusion constraint: set from the
-- session on every write, and moved with it when the session's times change.
create function session_assignment_during() returns trigger language plpgsql as $$
begin
  select tstzrange(s.starts_at, s.ends_at) into new.during
    from rota_session s where s.id = new.session_id;
  return new;
end;
$$;
create trigger session_assignment_during before insert or update on session_assignment
  for each row execute function session_assignment_during();

create function rota_session_moves_assignments() returns trigger language plpgsql as $$
begin
  update session_assignment set during = tstzrange(new.starts_at, new.ends_at)
   where session_id = new.id;
  return new;
end;
$$;
create trigger rota_session_moves_assignments after update of starts_at, ends_at on rota_session
  for each row execute function rota_session_moves_assignments();

-- Leave and sickness: the person is unavailable, so their sessions in the period become gaps.
create table absence (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null,
  staff_id uuid not null,
  kind text not null check (kind in ('annual-leave', 'sickness', 'training', 'parental-leave', 'other')),
  starts_on date not null,
  ends_on date not null,
  recorded_by uuid,
  created_at timestamptz not null default now(),
  foreign key (org_id, staff_id) references staff_member (org_id, id),
  check (ends_on >= starts_on)
);
create index absence_staff on absence (org_id, staff_id, starts_on);

-- Members of the internal locum pool and the salaried pool.
create table pool_member (
  org_id uuid not null,
  staff_id uuid not null primary key,
  pool text not null check (pool in ('locum', 'salaried')),
  max_sessions_per_week integer not null check (max_sessions_per_week between 0 and 14),
  pence_per_session integer not null check (pence_per_session >= 0),
  joined_on date not null,
  left_on date,
  foreign key (org_id, staff_id) references staff_member (org_id, id)
);

-- When a pool member can work: a date and a period (or a whole day).
create table pool_availability (
  org_id uuid not null,
  staff_id uuid not null,
  available_on date not null,
  period text not null check (period in ('am', 'pm', 'evening', 'day')),
  primary key (staff_id, available_on, period),
  foreign key (staff_id) references pool_member (staff_id) on delete cascade
);

-- A gap offered to a pool member, by the optimiser's proposal or by hand.
create table session_offer (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null,
  session_id uuid not null,
  staff_id uuid not null,
  status text not null default 'offered' check (status in ('offered', 'accepted', 'declined', 'withdrawn')),
  offered_by uuid,
  offered_at timestamptz not null default now(),
  responded_at timestamptz,
  foreign key (org_id, session_id) references rota_session (org_id, id) on delete cascade,
  foreign key (org_id, staff_id) references staff_member (org_id, id)
);
create unique index session_offer_open on session_offer (session_id, staff_id) where status = 'offered';

-- A practice in crisis (two GPs off sick, say) and the resilience team sent to it.
create table crisis (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null,
  practice_id uuid not null,
  reason text not null check (length(trim(reason)) > 0),
  starts_on date not null,
  ends_on date not null,
  declared_by uuid,
  created_at timestamptz not null default now(),
  foreign key (org_id, practice_id) references practice (org_id, id),
  unique (org_id, id),
  check (ends_on >= starts_on)
);

create table crisis_deployment (
  org_id uuid not null,
  crisis_id uuid not null,
  staff_id uuid not null,
  primary key (crisis_id, staff_id),
  foreign key (org_id, crisis_id) references crisis (org_id, id) on delete cascade,
  foreign key (org_id, staff_id) references staff_member (org_id, id)
);
