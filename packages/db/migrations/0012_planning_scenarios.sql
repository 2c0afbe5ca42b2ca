-- Planning (PLAN-1): scenarios saved per organisation and the simulation runs made of them.
--
-- A scenario is the domain's Scenario as JSON (practices, demand, capacity, workforce, money),
-- checked by the domain's parseScenario before it is stored; it holds list sizes, staff
-- numbers and whole-practice money, never a patient. A run records what was asked (the number
-- of simulated years, the seed), how far it has got, and the summary the domain worked out.

create table planning_scenario (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references organisation (id),
  name text not null check (length(trim(name)) > 0 and length(name) <= 200),
  scenario jsonb not null,
  created_by uuid,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (org_id, id),
  foreign key (org_id, created_by) references app_user (org_id, id)
);
create index planning_scenario_org on planning_scenario (org_id, updated_at);

-- queued -> running -> done | failed. A run keeps the scenario as it was run, so editing the
-- scenario afterwards never changes what a finished run's report says.
create table planning_run (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null,
  scenario_id uuid not null,
  scenario jsonb not null,
  runs integer not null check (runs between 1 and 2000),
  seed bigint not null check (seed between 0 and 4294967295),
  status text not null default 'queued' check (status in ('queued', 'running', 'done', 'failed')),
  progress integer not null default 0 check (progress >= 0 and progress <= runs),
  requested_by uuid,
  requested_at timestamptz not null default now(),
  started_at timestamptz,
  finished_at timestamptz,
  events bigint,
  seconds double precision,
  summary jsonb,
  error text,
  unique (org_id, id),
  foreign key (org_id, scenario_id) references planning_scenario (org_id, id) on delete cascade,
  foreign key (org_id, requested_by) references app_user (org_id, id),
  check (status <> 'done' or (summary is not null and finished_at is not null)),
  check (status <> 'failed' or error is not null)
);
create index planning_run_scenario on planning_run (org_id, scenario_id, requested_at);
create index planning_run_status on planning_run (status, requested_at);
