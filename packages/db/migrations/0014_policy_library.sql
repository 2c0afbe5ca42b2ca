-- The central policy library (GOV-1): policies with an owner and the CQC key questions they
-- support; numbered versions (Markdown body, change summary, effective and review dates) that
-- are drafts until approved by a named role and then never change; practices' adoptions of a
-- version, with a local annex where the policy allows one; and staff acknowledgements of the
-- version their practice adopted. Adoptions and acknowledgements are only ever added, so the
-- history of what a practice adopted when stays readable.

create table policy (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references organisation (id),
  title text not null check (length(trim(title)) > 0 and length(title) <= 200),
  owner_id uuid not null,
  key_questions text[] not null default '{}'
    check (key_questions <@ array['safe', 'effective', 'caring', 'responsive', 'well-led']),
  local_annex_allowed boolean not null default false,
  created_by uuid,
  created_at timestamptz not null default now(),
  unique (org_id, id),
  unique (org_id, title),
  foreign key (org_id, owner_id) references app_user (org_id, id),
  foreign key (org_id, created_by) references app_user (org_id, id)
);

create table policy_version (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null,
  policy_id uuid not null,
  number integer not null check (number >= 1),
  body text not null check (length(trim(body)) > 0 and length(body) <= 200000),
  change_summary text not null check (length(trim(change_summary)) > 0 and length(change_summary) <= 2000),
  effective_from date not null,
  review_by date not null,
  created_by uuid,
  created_at timestamptz not null default now(),
  -- Approval: when, by whom and in which named role. All three or none.
  approved_at timestamptz,
  approved_by uuid,
  approved_role text check (approved_role in (
    'org-admin', 'central-operations', 'central-finance', 'central-workforce', 'governance',
    'board-member', 'partner', 'practice-manager', 'care-navigator', 'clinician', 'hub-clinician'
  )),
  unique (policy_id, number),
  unique (org_id, id),
  foreign key (org_id, policy_id) references policy (org_id, id),
  foreign key (org_id, created_by) references app_user (org_id, id),
  foreign key (org_id, approved_by) references app_user (org_id, id),
  check (review_by > effective_from),
  check ((approved_at is null) = (approved_by is null) and (approved_at is null) = (approved_role is null))
);
create index policy_version_policy on policy_version (org_id, policy_id, number);

-- An approved version is the record of what was in force: no UPDATE or DELETE may touch it,
-- whatever path the change comes by. A draft may be edited, approved (the one UPDATE that
-- turns it approved) or deleted.
create function policy_version_is_immutable_once_approved() returns trigger language plpgsql as $$
begin
  if old.approved_at is not null then
    raise exception 'policy version % is approved and cannot be changed (%)', old.id, tg_op
      using errcode = 'integrity_constraint_violation';
  end if;
  if tg_op = 'DELETE' then
    return old;
  end if;
  if new.id <> old.id or new.policy_id <> old.policy_id or new.org_id <> old.org_id
     or new.number <> old.number then
    raise exception 'policy version % cannot be renumbered or moved', old.id
      using errcode = 'integrity_constraint_violation';
  end if;
  return new;
end;
$$;

create trigger policy_version_immutable before update or delete on policy_version
  for each row execute function policy_version_is_immutable_once_approved();

-- A practice adopting a version; the latest adoption of a policy is the practice's current one.
create table policy_adoption (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null,
  policy_id uuid not null,
  version_id uuid not null,
  practice_id uuid not null,
  local_annex text check (local_annex is null or (length(trim(local_annex)) > 0 and length(local_annex) <= 50000)),
  adopted_by uuid not null,
  adopted_at timestamptz not null default now(),
  unique (practice_id, version_id),
  foreign key (org_id, policy_id) references policy (org_id, id),
  foreign key (org_id, version_id) references policy_version (org_id, id),
  foreign key (org_id, practice_id) references practice (org_id, id),
  foreign key (org_id, adopted_by) references app_user (org_id, id)
);
create index policy_adoption_policy on policy_adoption (org_id, policy_id, practice_id, adopted_at);

-- A member of staff acknowledging the version their practice adopted, once.
create table policy_acknowledgement (
  org_id uuid not null,
  version_id uuid not null,
  practice_id uuid not null,
  user_id uuid not null,
  acknowledged_at timestamptz not null default now(),
  primary key (version_id, practice_id, user_id),
  foreign key (org_id, version_id) references policy_version (org_id, id),
  foreign key (org_id, practice_id) references practice (org_id, id),
  foreign key (org_id, user_id) references app_user (org_id, id)
);

create function policy_history_is_append_only() returns trigger language plpgsql as $$
begin
  raise exception '% is append-only: % is not allowed', tg_table_name, tg_op
    using errcode = 'integrity_constraint_violation';
end;
$$;

create trigger policy_adoption_append_only before update or delete on policy_adoption
  for each row execute function policy_history_is_append_only();
create trigger policy_acknowledgement_append_only before update or delete on policy_acknowledgement
  for each row execute function policy_history_is_append_only();
