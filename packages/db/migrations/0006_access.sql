-- Access: requests and their triage, call centres, rooms, hubs, weekly session patterns, the
-- slots cut from rota sessions, appointments (holds and bookings) and walk-in queues.
--
-- One model of sessions: a slot belongs to a rota_session (workforce). Capacity is a counter on
-- the slot row changed only by a conditional UPDATE (`taken < capacity`), which PostgreSQL
-- serialises per row under any concurrency; a clinician or a room in two places at once is
-- refused by exclusion constraints on slots and, as a backstop, on appointments.

-- Access rows name the patient together with the organisation, like every other reference.
alter table patient add constraint patient_org_id unique (org_id, id);

alter table organisation_settings
  -- Where requests are triaged: each practice's own team, or the organisation's call centres
  -- (a regional one where its region matches the practice's, else the central one).
  add column request_routing text not null default 'practice'
    check (request_routing in ('practice', 'centre')),
  -- How long a slot is held while a navigator talks to the patient.
  add column hold_minutes integer not null default 5 check (hold_minutes between 1 and 60);

-- A central or regional call centre that triages for many practices.
create table triage_team (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references organisation (id),
  name text not null check (length(trim(name)) > 0),
  -- Null for the central call centre; a region for a satellite one.
  region text,
  site_id uuid,
  created_at timestamptz not null default now(),
  foreign key (org_id, site_id) references site (org_id, id),
  unique (org_id, id),
  unique (org_id, name)
);
create unique index triage_team_one_per_region on triage_team (org_id, coalesce(region, ''));

-- A request for care or for an admin task, from whichever door it came in by.
create table patient_request (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null,
  -- The patient's registered practice: whose patient this is.
  practice_id uuid not null,
  patient_id uuid not null,
  -- Null: the practice's own queue; otherwise the call centre it was routed to.
  triage_team_id uuid,
  channel text not null check (channel in ('phone', 'online', 'walk-in')),
  kind text not null check (kind in ('clinical', 'admin')),
  admin_type text check (admin_type in (
    'fit-note', 'test-results', 'repeat-prescription', 'letter', 'other-admin'
  )),
  -- What the patient said, in their words. Patient data: never logged.
  description text not null check (length(trim(description)) > 0),
  preferred_channel text check (preferred_channel in ('in-person', 'telephone', 'video')),
  status text not null default 'waiting'
    check (status in ('waiting', 'claimed', 'triaged', 'closed')),
  urgency text check (urgency in (
    'emergency', 'same-day', 'within-2-days', 'within-2-weeks', 'routine'
  )),
  outcome text check (outcome in (
    'self-care', 'admin-done', 'telephone', 'video', 'face-to-face-home', 'face-to-face-any-site',
    'hub', 'specialist', 'urgent-care'
  )),
  -- For a specialist-service outcome: which one (MSK, geriatric opinion, a GPwSI ...).
  specialist_service text,
  triage_note text,
  received_at timestamptz not null default now(),
  recorded_by uuid,
  claimed_by uuid,
  claimed_at timestamptz,
  triaged_by uuid,
  triaged_at timestamptz,
  closed_at timestamptz,
  foreign key (org_id, practice_id) references practice (org_id, id),
  foreign key (org_id, patient_id) references patient (org_id, id),
  foreign key (org_id, triage_team_id) references triage_team (org_id, id),
  unique (org_id, id),
  check ((kind = 'admin') = (admin_type is not null)),
  check (status = 'waiting' or claimed_at is not null),
  check (status not in ('triaged', 'closed') or (urgency is not null and outcome is not null))
);
create index patient_request_queue on patient_request (org_id, status, practice_id, received_at);
create index patient_request_team on patient_request (org_id, triage_team_id, status);
create index patient_request_patient on patient_request (org_id, patient_id);

-- Online requests with a red flag: sent to 999/111 advice, never queued. Kept (without who it
-- was) so that the organisation can see how often its form sends people to emergency care.
create table red_flag_redirect (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references organisation (id),
  practice_id uuid,
  red_flags text[] not null check (cardinality(red_flags) > 0),
  advice text not null check (advice in ('999', '111')),
  at timestamptz not null default now(),
  foreign key (org_id, practice_id) references practice (org_id, id)
);
create index red_flag_redirect_at on red_flag_redirect (org_id, at);

-- A consulting or treatment room at a site.
create table room (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null,
  site_id uuid not null,
  name text not null check (length(trim(name)) > 0),
  foreign key (org_id, site_id) references site (org_id, id) on delete cascade,
  unique (org_id, id),
  unique (site_id, name)
);

-- A hub: a service with its own sites and sessions, shared by a set of practices (ACC-4).
create table hub (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references organisation (id),
  name text not null check (length(trim(name)) > 0),
  -- A practice's unused fair share is released to every practice this long before the slot.
  release_lead_minutes integer not null default 120 check (release_lead_minutes between 0 and 10080),
  created_at timestamptz not null default now(),
  unique (org_id, id),
  unique (org_id, name)
);

create table hub_site (
  org_id uuid not null,
  hub_id uuid not null,
  site_id uuid not null,
  primary key (hub_id, site_id),
  foreign key (org_id, hub_id) references hub (org_id, id) on delete cascade,
  foreign key (org_id, site_id) references site (org_id, id)
);

-- A practice that shares a hub, and how many patients a day it agrees to see in house before
-- it refers to the hub.
create table hub_practice (
  org_id uuid not null,
  hub_id uuid not null,
  practice_id uuid not null,
  daily_threshold integer not null check (daily_threshold >= 0),
  primary key (hub_id, practice_id),
  foreign key (org_id, hub_id) references hub (org_id, id) on delete cascade,
  foreign key (org_id, practice_id) references practice (org_id, id)
);

-- What a session offers patients: the slots cut from it. Sessions with no service (admin,
-- meetings) offer none.
alter table rota_session
  add column service text check (service in (
    'gp', 'anp', 'nurse', 'hca', 'phlebotomy', 'msk', 'pharmacist', 'physician-associate',
    'minor-surgery', 'coil-fitting', 'geriatric-assessment'
  )),
  add column channel text check (channel in ('in-person', 'telephone', 'video')),
  add column slot_minutes integer check (slot_minutes between 5 and 240),
  add column visibility text check (visibility in ('practice', 'organisation', 'hub')),
  add column room_id uuid,
  add column hub_id uuid,
  add column pattern_id uuid,
  add constraint rota_session_room foreign key (org_id, room_id) references room (org_id, id),
  add constraint rota_session_hub foreign key (org_id, hub_id) references hub (org_id, id),
  add constraint rota_session_offers check (
    (service is null and channel is null and slot_minutes is null and visibility is null)
    or (service is not null and channel is not null and slot_minutes is not null
        and visibility is not null)
  ),
  add constraint rota_session_hub_visibility check ((visibility = 'hub') = (hub_id is not null));

-- A weekly pattern of sessions (clinicians rarely have standard weeks, so dates can be
-- skipped or sessions edited one by one after they are made). Times are local to England.
create table session_pattern (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null,
  site_id uuid not null,
  staff_id uuid,
  room_id uuid,
  hub_id uuid,
  -- ISO weekday: 1 Monday .. 7 Sunday.
  weekday integer not null check (weekday between 1 and 7),
  period text not null check (period in ('am', 'pm', 'evening', 'custom')),
  starts_local time not null,
  ends_local time not null,
  required_role text not null,
  required_skills text[] not null default '{}',
  service text,
  channel text,
  slot_minutes integer,
  visibility text,
  slot_capacity integer not null default 1 check (slot_capacity between 1 and 50),
  valid_from date not null,
  valid_until date,
  created_at timestamptz not null default now(),
  foreign key (org_id, site_id) references site (org_id, id),
  foreign key (org_id, staff_id) references staff_member (org_id, id),
  foreign key (org_id, room_id) references room (org_id, id),
  foreign key (org_id, hub_id) references hub (org_id, id),
  unique (org_id, id),
  check (ends_local > starts_local),
  check (valid_until is null or valid_until >= valid_from)
);

-- A date on which a pattern makes no session (leave is recorded as absence; this is for
-- "not this Tuesday": a training afternoon, a bank holiday).
create table session_pattern_skip (
  org_id uuid not null,
  pattern_id uuid not null,
  skipped_on date not null,
  reason text,
  primary key (pattern_id, skipped_on),
  foreign key (org_id, pattern_id) references session_pattern (org_id, id) on delete cascade
);

alter table rota_session
  add column session_date date,
  -- Removing a pattern keeps the sessions it made, unlinked (only pattern_id is cleared: org_id
  -- is not null).
  add constraint rota_session_pattern foreign key (org_id, pattern_id)
    references session_pattern (org_id, id) on delete set null (pattern_id);
-- A pattern makes at most one session a date: generating twice is harmless.
create unique index rota_session_from_pattern on rota_session (pattern_id, session_date)
  where pattern_id is not null;

-- A bookable slot cut from a session.
create table slot (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null,
  session_id uuid not null,
  site_id uuid not null,
  -- The practice whose site it is (null at an organisation's own site, such as a hub).
  practice_id uuid,
  hub_id uuid,
  staff_id uuid,
  room_id uuid,
  starts_at timestamptz not null,
  ends_at timestamptz not null,
  during tstzrange generated always as (tstzrange(starts_at, ends_at)) stored,
  service text not null,
  channel text not null check (channel in ('in-person', 'telephone', 'video')),
  visibility text not null check (visibility in ('practice', 'organisation', 'hub')),
  capacity integer not null default 1 check (capacity between 1 and 50),
  -- Deliberate overbookings by permitted roles, each with a reason on its appointment.
  overbooked integer not null default 0 check (overbooked >= 0),
  -- Held and booked places; only conditional UPDATEs change it.
  taken integer not null default 0 check (taken >= 0),
  status text not null default 'open' check (status in ('open', 'cancelled')),
  created_at timestamptz not null default now(),
  foreign key (org_id, session_id) references rota_session (org_id, id) on delete cascade,
  foreign key (org_id, site_id) references site (org_id, id),
  foreign key (org_id, practice_id) references practice (org_id, id),
  foreign key (org_id, hub_id) references hub (org_id, id),
  foreign key (org_id, staff_id) references staff_member (org_id, id),
  foreign key (org_id, room_id) references room (org_id, id),
  unique (org_id, id),
  check (ends_at > starts_at),
  check (taken <= capacity + overbooked),
  check ((visibility = 'hub') = (hub_id is not null)),
  exclude using gist (staff_id with =, during with &&)
    where (status = 'open' and staff_id is not null),
  exclude using gist (room_id with =, during with &&)
    where (status = 'open' and room_id is not null)
);
create index slot_search on slot (org_id, service, starts_at) where status = 'open';
create index slot_session on slot (org_id, session_id);
create index slot_hub_day on slot (org_id, hub_id, starts_at) where hub_id is not null;

-- A place in a slot: held for a few minutes, then booked for a patient, then attended or not.
create table appointment (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null,
  slot_id uuid not null,
  -- Copied from the slot for the exclusion constraint and for reports.
  site_id uuid not null,
  staff_id uuid,
  room_id uuid,
  during tstzrange not null,
  service text not null,
  channel text not null,
  -- Null while only held.
  patient_id uuid,
  -- The patient's registered practice.
  practice_id uuid,
  request_id uuid,
  status text not null check (status in (
    'held', 'booked', 'attended', 'did-not-attend', 'cancelled', 'expired'
  )),
  hold_expires_at timestamptz,
  held_by uuid,
  booked_by uuid,
  booked_at timestamptz,
  -- Who booked it: the organisation's own staff, or another system through the FHIR API.
  booked_via text not null default 'app',
  overbook_reason text,
  hub_override_reason text,
  cancelled_by uuid,
  cancelled_at timestamptz,
  cancel_reason text,
  patient_told boolean,
  outcome_recorded_at timestamptz,
  created_at timestamptz not null default now(),
  foreign key (org_id, slot_id) references slot (org_id, id),
  foreign key (org_id, site_id) references site (org_id, id),
  foreign key (org_id, patient_id) references patient (org_id, id),
  foreign key (org_id, practice_id) references practice (org_id, id),
  foreign key (org_id, request_id) references patient_request (org_id, id),
  unique (org_id, id),
  check (status <> 'held' or hold_expires_at is not null),
  check (status in ('held', 'expired') or status = 'cancelled' or patient_id is not null),
  check (status <> 'cancelled' or cancelled_at is not null),
  -- Nobody is in two appointments at once in different slots, whatever the slots say.
  exclude using gist (staff_id with =, during with &&, slot_id with <>)
    where (status in ('held', 'booked', 'attended') and staff_id is not null),
  exclude using gist (room_id with =, during with &&, slot_id with <>)
    where (status in ('held', 'booked', 'attended') and room_id is not null)
);
create index appointment_slot on appointment (slot_id, status);
create index appointment_patient on appointment (org_id, patient_id);
create index appointment_practice_day on appointment (org_id, practice_id, during);
create index appointment_held on appointment (hold_expires_at) where status = 'held';

-- A walk-in service (open-access phlebotomy): tickets in order of arrival (ACC-6).
create table walk_in_queue (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null,
  site_id uuid not null,
  service text not null,
  name text not null check (length(trim(name)) > 0),
  -- Used for the estimated wait until the day's own pace is known.
  minutes_per_patient integer not null default 6 check (minutes_per_patient between 1 and 120),
  open boolean not null default true,
  foreign key (org_id, site_id) references site (org_id, id),
  unique (org_id, id),
  unique (site_id, name)
);

create table walk_in_ticket (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null,
  queue_id uuid not null,
  issued_on date not null,
  number integer not null check (number > 0),
  patient_id uuid,
  status text not null default 'waiting' check (status in ('waiting', 'called', 'done', 'left')),
  issued_at timestamptz not null default now(),
  called_at timestamptz,
  called_by uuid,
  done_at timestamptz,
  foreign key (org_id, queue_id) references walk_in_queue (org_id, id),
  foreign key (org_id, patient_id) references patient (org_id, id),
  unique (queue_id, issued_on, number)
);
create index walk_in_ticket_waiting on walk_in_ticket (queue_id, issued_on, status, number);
