-- Agreement standards and peer review (GOV-3). The standards themselves (what is measured,
-- which way is better) are fixed in the domain; an organisation may set its own green and
-- amber thresholds here. The measures are never stored: every quarter, past or current, is
-- computed from the records (requests, appointments, levy invoices, registers, the rota)
-- each time it is read, so a corrected record corrects the RAG and nothing can be typed in.
create table standard_threshold (
  org_id uuid not null references organisation (id),
  standard_id text not null check (standard_id in (
    'access-wait-days', 'face-to-face-share', 'dna-rate', 'frailty-care-plans',
    'levy-paid-on-time', 'resilience-score'
  )),
  green numeric(10, 2) not null check (green between 0 and 100000),
  amber numeric(10, 2) not null check (amber between 0 and 100000),
  updated_by uuid,
  updated_at timestamptz not null default now(),
  primary key (org_id, standard_id),
  foreign key (org_id, updated_by) references app_user (org_id, id)
);

-- A peer review meeting: when, who came, and which practices were reviewed.
create table peer_review_meeting (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references organisation (id),
  held_on date not null,
  title text not null check (length(trim(title)) between 1 and 200),
  -- Names as written in the minutes: attendees may be from outside the organisation.
  attendees text[] not null default '{}' check (cardinality(attendees) <= 100),
  created_by uuid,
  created_at timestamptz not null default now(),
  unique (org_id, id),
  foreign key (org_id, created_by) references app_user (org_id, id)
);
create index peer_review_meeting_held on peer_review_meeting (org_id, held_on desc);

create table peer_review_practice (
  org_id uuid not null,
  meeting_id uuid not null,
  practice_id uuid not null,
  primary key (meeting_id, practice_id),
  foreign key (org_id, meeting_id) references peer_review_meeting (org_id, id),
  foreign key (org_id, practice_id) references practice (org_id, id)
);
create index peer_review_practice_practice on peer_review_practice (org_id, practice_id);

-- What the meeting found about one of the practices reviewed, against a standard or not.
create table peer_review_finding (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null,
  meeting_id uuid not null,
  practice_id uuid not null,
  standard_id text check (standard_id in (
    'access-wait-days', 'face-to-face-share', 'dna-rate', 'frailty-care-plans',
    'levy-paid-on-time', 'resilience-score'
  )),
  text text not null check (length(trim(text)) between 1 and 4000),
  created_by uuid,
  created_at timestamptz not null default now(),
  unique (org_id, id),
  foreign key (meeting_id, practice_id) references peer_review_practice (meeting_id, practice_id),
  foreign key (org_id, created_by) references app_user (org_id, id)
);

-- An action agreed at the meeting: an owner (a user of the organisation), a due date, and
-- once done, when, by whom and a note of how it was closed.
create table peer_review_action (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null,
  meeting_id uuid not null,
  practice_id uuid not null,
  finding_id uuid,
  description text not null check (length(trim(description)) between 1 and 2000),
  owner_id uuid not null,
  due_on date not null,
  status text not null default 'open' check (status in ('open', 'done')),
  closed_on date,
  closed_by uuid,
  closure_note text check (closure_note is null or length(trim(closure_note)) between 1 and 2000),
  created_by uuid,
  created_at timestamptz not null default now(),
  unique (org_id, id),
  foreign key (meeting_id, practice_id) references peer_review_practice (meeting_id, practice_id),
  foreign key (org_id, finding_id) references peer_review_finding (org_id, id),
  foreign key (org_id, owner_id) references app_user (org_id, id),
  foreign key (org_id, closed_by) references app_user (org_id, id),
  foreign key (org_id, created_by) references app_user (org_id, id),
  check ((status = 'done') = (closed_on is not null)),
  check ((status = 'done') = (closure_note is not null))
);
create index peer_review_action_open on peer_review_action (org_id, status, due_on);
create index peer_review_action_practice on peer_review_action (org_id, practice_id);

-- Measures read by quarter: requests by id are already keyed; appointments by practice and
-- time (appointment_practice_day); levy invoices by practice and due date.
create index levy_invoice_due on levy_invoice (org_id, practice_id, due_on);
