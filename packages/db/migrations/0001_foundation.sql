-- Foundation: organisations, practices, users, roles, sessions, patients (minimal), audit.
-- Every table carries org_id: it is the distribution key if an estate outgrows one server.

create extension if not exists btree_gist;

create table organisation (
  id uuid primary key default gen_random_uuid(),
  name text not null check (length(trim(name)) > 0),
  form text not null check (form in (
    'integrated-super-partnership', 'autonomy-super-partnership', 'pyramidal-super-partnership',
    'federation', 'hub-network', 'mcp-virtual', 'mcp-partially-integrated', 'mcp-fully-integrated'
  )),
  created_at timestamptz not null default now()
);

create table practice (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references organisation (id),
  ods_code text not null check (ods_code ~ '^[A-Z][0-9A-Z][0-9]{4}$'),
  name text not null check (length(trim(name)) > 0),
  created_at timestamptz not null default now(),
  unique (org_id, ods_code),
  unique (org_id, id)
);

create table app_user (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references organisation (id),
  email text not null check (email = lower(email) and email like '%_@_%'),
  display_name text not null check (length(trim(display_name)) > 0),
  password_hash text not null,
  failed_sign_ins integer not null default 0,
  locked_until timestamptz,
  disabled_at timestamptz,
  created_at timestamptz not null default now(),
  unique (email),
  unique (org_id, id)
);

create table role_grant (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null,
  user_id uuid not null,
  role text not null check (role in (
    'org-admin', 'central-operations', 'central-finance', 'central-workforce', 'governance',
    'board-member', 'partner', 'practice-manager', 'care-navigator', 'clinician', 'hub-clinician'
  )),
  practice_id uuid,
  created_at timestamptz not null default now(),
  foreign key (org_id, user_id) references app_user (org_id, id) on delete cascade,
  -- A practice role can only name a practice of the user's own organisation.
  foreign key (org_id, practice_id) references practice (org_id, id),
  -- Organisation-wide roles name no practice; practice roles name exactly one.
  check ((role in ('org-admin', 'central-operations', 'central-finance', 'central-workforce',
                   'governance', 'board-member')) = (practice_id is null))
);
create unique index role_grant_unique on role_grant (user_id, role, coalesce(practice_id, '00000000-0000-0000-0000-000000000000'::uuid));

create table user_session (
  -- sha-256 of the cookie's token: a stolen table cannot be replayed as cookies.
  token_hash text primary key,
  org_id uuid not null,
  user_id uuid not null,
  created_at timestamptz not null default now(),
  last_seen_at timestamptz not null default now(),
  expires_at timestamptz not null,
  ended_at timestamptz,
  foreign key (org_id, user_id) references app_user (org_id, id) on delete cascade
);
create index user_session_user on user_session (user_id);

create table patient (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null,
  practice_id uuid not null,
  nhs_number text not null check (nhs_number ~ '^[0-9]{10}$'),
  given_name text not null,
  family_name text not null,
  date_of_birth date not null,
  created_at timestamptz not null default now(),
  foreign key (org_id, practice_id) references practice (org_id, id),
  unique (org_id, nhs_number)
);
create index patient_practice on patient (org_id, practice_id);

create table audit_event (
  id bigint generated always as identity primary key,
  org_id uuid not null,
  at timestamptz not null default clock_timestamp(),
  user_id uuid,
  role text,
  action text not null,
  entity_type text not null,
  entity_id text,
  patient_id uuid,
  reason text,
  request_id text
);
create index audit_event_org_at on audit_event (org_id, at desc);
create index audit_event_patient on audit_event (org_id, patient_id) where patient_id is not null;

-- The audit trail is append-only: no role, not even the owner, may change or remove a row.
create function audit_event_is_append_only() returns trigger language plpgsql as $$
begin
  raise exception 'audit_event is append-only: % is not allowed', tg_op
    using errcode = 'insufficient_privilege';
end;
$$;

create trigger audit_event_no_update_or_delete
  before update or delete on audit_event
  for each row execute function audit_event_is_append_only();

create trigger audit_event_no_truncate
  before truncate on audit_event
  for each statement execute function audit_event_is_append_only();
