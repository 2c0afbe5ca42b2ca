-- Significant events and complaints (GOV): what happened at a member practice, its
-- investigation, the learning taken from it and the policies it touched. One table holds both
-- kinds because they share a lifecycle (reported -> investigating -> learning -> closed) and the
-- organisation's themes are counted across both; a complaint also carries the dates the NHS
-- complaints regulations 2009 set (acknowledge within 3 working days, respond by the date
-- agreed, six months when none was). Free text here must not identify a patient: the
-- repository refuses text that looks like an NHS number, and no patient link is stored.

create table significant_event (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references organisation (id),
  practice_id uuid not null,
  site_id uuid,
  kind text not null check (kind in ('significant-event', 'complaint')),
  title text not null check (length(trim(title)) > 0 and length(title) <= 200),
  description text not null check (length(trim(description)) > 0 and length(description) <= 20000),
  category text not null check (category in (
    'clinical', 'prescribing', 'communication', 'access', 'administration', 'safeguarding',
    'information-governance', 'other'
  )),
  severity text not null check (severity in ('no-harm', 'low', 'moderate', 'severe', 'death')),
  occurred_on date not null,
  status text not null default 'reported'
    check (status in ('reported', 'investigating', 'learning', 'closed')),
  key_questions text[] not null default '{}'
    check (key_questions <@ array['safe', 'effective', 'caring', 'responsive', 'well-led']),
  reported_by uuid not null,
  reported_at timestamptz not null default now(),
  investigator_id uuid,
  findings text check (findings is null or (length(trim(findings)) > 0 and length(findings) <= 20000)),
  learning text check (learning is null or (length(trim(learning)) > 0 and length(learning) <= 20000)),
  actions_agreed text
    check (actions_agreed is null or (length(trim(actions_agreed)) > 0 and length(actions_agreed) <= 20000)),
  closed_at timestamptz,
  -- Complaints only (all null for a significant event).
  received_on date,
  acknowledgement_due_on date,
  acknowledged_on date,
  response_due_on date,
  responded_on date,
  updated_at timestamptz not null default now(),
  unique (org_id, id),
  foreign key (org_id, practice_id) references practice (org_id, id),
  foreign key (org_id, site_id) references site (org_id, id),
  foreign key (org_id, reported_by) references app_user (org_id, id),
  foreign key (org_id, investigator_id) references app_user (org_id, id),
  check (
    (kind = 'complaint' and received_on is not null and acknowledgement_due_on is not null
      and response_due_on is not null and acknowledgement_due_on >= received_on
      and response_due_on >= received_on)
    or (kind = 'significant-event' and received_on is null and acknowledgement_due_on is null
      and acknowledged_on is null and response_due_on is null and responded_on is null)
  ),
  check (acknowledged_on is null or acknowledged_on >= received_on),
  check (responded_on is null or responded_on >= received_on),
  -- Past investigating, an investigation has an investigator and findings.
  check (status in ('reported', 'investigating') or (investigator_id is not null and findings is not null)),
  -- Closed means learning and agreed actions are written down, and when it closed.
  check ((status = 'closed') = (closed_at is not null)),
  check (status <> 'closed' or (learning is not null and actions_agreed is not null))
);
create index significant_event_practice on significant_event (org_id, practice_id, reported_at desc);
create index significant_event_occurred on significant_event (org_id, occurred_on);

-- A closed event is the record of what was learned: it no longer changes.
create function significant_event_is_final_once_closed() returns trigger language plpgsql as $$
begin
  if old.status = 'closed' then
    raise exception 'significant event % is closed and cannot be changed (%)', old.id, tg_op
      using errcode = 'integrity_constraint_violation';
  end if;
  if tg_op = 'DELETE' then
    return old;
  end if;
  if new.id <> old.id or new.org_id <> old.org_id or new.practice_id <> old.practice_id
     or new.kind <> old.kind then
    raise exception 'significant event % cannot be moved to another practice or kind', old.id
      using errcode = 'integrity_constraint_violation';
  end if;
  return new;
end;
$$;

create trigger significant_event_final_once_closed before update or delete on significant_event
  for each row execute function significant_event_is_final_once_closed();

-- The timeline: every status change, by whom and when, with an optional note; only added to.
create table significant_event_history (
  id bigint generated always as identity primary key,
  org_id uuid not null,
  event_id uuid not null,
  from_status text check (from_status in ('reported', 'investigating', 'learning', 'closed')),
  to_status text not null check (to_status in ('reported', 'investigating', 'learning', 'closed')),
  note text check (note is null or (length(trim(note)) > 0 and length(note) <= 5000)),
  changed_by uuid not null,
  changed_at timestamptz not null default clock_timestamp(),
  foreign key (org_id, event_id) references significant_event (org_id, id),
  foreign key (org_id, changed_by) references app_user (org_id, id)
);
create index significant_event_history_event on significant_event_history (org_id, event_id, id);

-- The policies an event touched (e.g. the policy it led to revising).
create table significant_event_policy (
  org_id uuid not null,
  event_id uuid not null,
  policy_id uuid not null,
  linked_by uuid,
  linked_at timestamptz not null default now(),
  primary key (event_id, policy_id),
  foreign key (org_id, event_id) references significant_event (org_id, id),
  foreign key (org_id, policy_id) references policy (org_id, id),
  foreign key (org_id, linked_by) references app_user (org_id, id)
);
create index significant_event_policy_policy on significant_event_policy (org_id, policy_id);

-- policy_history_is_append_only (0014) names the table in its message, so it serves here too.
create trigger significant_event_history_append_only before update or delete on significant_event_history
  for each row execute function policy_history_is_append_only();
