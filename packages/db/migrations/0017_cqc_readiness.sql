-- CQC readiness (GOV-2): each site's registration with the CQC (provider, date registered and
-- registered manager; the location id stays on site.cqc_location_id, its one home), the
-- inspections with their overall rating and the rating of each key question, and evidence that
-- people add per site and key question. Policy adoptions and significant event reviews are
-- evidence too, read from their own tables rather than copied here.

create table cqc_registration (
  site_id uuid primary key,
  org_id uuid not null,
  -- CQC provider ids have the same shape as location ids: 1- and digits.
  provider_id text not null check (provider_id ~ '^1-[0-9]{6,12}$'),
  registered_on date not null,
  -- The registered manager: a member of staff, or a name for someone not on the staff register.
  registered_manager_staff_id uuid,
  registered_manager_name text
    check (registered_manager_name is null
           or (length(trim(registered_manager_name)) > 0 and length(registered_manager_name) <= 200)),
  updated_by uuid not null,
  updated_at timestamptz not null default now(),
  foreign key (org_id, site_id) references site (org_id, id),
  foreign key (org_id, registered_manager_staff_id) references staff_member (org_id, id),
  foreign key (org_id, updated_by) references app_user (org_id, id),
  check (registered_manager_staff_id is null or registered_manager_name is null)
);

create table cqc_inspection (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null,
  site_id uuid not null,
  inspected_on date not null,
  overall text not null check (overall in ('outstanding', 'good', 'requires-improvement', 'inadequate', 'not-rated')),
  safe text not null check (safe in ('outstanding', 'good', 'requires-improvement', 'inadequate', 'not-rated')),
  effective text not null check (effective in ('outstanding', 'good', 'requires-improvement', 'inadequate', 'not-rated')),
  caring text not null check (caring in ('outstanding', 'good', 'requires-improvement', 'inadequate', 'not-rated')),
  responsive text not null check (responsive in ('outstanding', 'good', 'requires-improvement', 'inadequate', 'not-rated')),
  well_led text not null check (well_led in ('outstanding', 'good', 'requires-improvement', 'inadequate', 'not-rated')),
  report_url text check (report_url is null or (report_url ~ '^https?://' and length(report_url) <= 2000)),
  recorded_by uuid not null,
  recorded_at timestamptz not null default now(),
  unique (site_id, inspected_on),
  foreign key (org_id, site_id) references site (org_id, id),
  foreign key (org_id, recorded_by) references app_user (org_id, id)
);
create index cqc_inspection_site on cqc_inspection (org_id, site_id, inspected_on desc);

-- An inspection is the record of what the CQC found: it is only ever added.
create trigger cqc_inspection_append_only before update or delete on cqc_inspection
  for each row execute function policy_history_is_append_only();

create table cqc_evidence (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null,
  site_id uuid not null,
  key_question text not null
    check (key_question in ('safe', 'effective', 'caring', 'responsive', 'well-led')),
  kind text not null check (kind in ('document', 'audit', 'other')),
  title text not null check (length(trim(title)) > 0 and length(title) <= 200),
  evidenced_on date not null,
  -- A link or a reference to where the evidence is kept.
  reference text check (reference is null or (length(trim(reference)) > 0 and length(reference) <= 2000)),
  -- When it must be reviewed or replaced; after it, the evidence has expired.
  review_by date,
  added_by uuid not null,
  added_at timestamptz not null default now(),
  foreign key (org_id, site_id) references site (org_id, id),
  foreign key (org_id, added_by) references app_user (org_id, id),
  check (review_by is null or review_by > evidenced_on)
);
create index cqc_evidence_site on cqc_evidence (org_id, site_id, key_question);
