-- System clients (issue 7): other systems, such as a hub's booking system or an NHS 111
-- service, that call the FHIR facade with OAuth 2.0 client-credentials bearer tokens instead
-- of a person signing in.
--
-- Each client is backed by an app_user row of its organisation, so that audit rows, the
-- request's signed-in user and every scoped repository work for its calls unchanged. That
-- user can never sign in with a password: its hash is no argon2 hash (it verifies nothing)
-- and it is disabled from the start. A client's grants are not role_grant rows: they are
-- worked out on each call from the practice or hub it acts for (see the repository), so a
-- hub's client follows the hub's practices as they change.

create table system_client (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references organisation (id),
  name text not null check (length(trim(name)) between 1 and 120),
  -- What it acts for: one practice, or one hub (and so the hub's practices).
  practice_id uuid,
  hub_id uuid,
  -- SMART system scopes, e.g. system/Slot.read, system/*.write.
  scopes text[] not null check (cardinality(scopes) between 1 and 50),
  -- sha-256 of the secret, which is random (256 bits) and shown once.
  secret_hash text not null check (secret_hash ~ '^[0-9a-f]{64}$'),
  user_id uuid not null unique,
  created_by uuid,
  created_at timestamptz not null default now(),
  revoked_at timestamptz,
  revoked_by uuid,
  unique (org_id, id),
  foreign key (org_id, practice_id) references practice (org_id, id),
  foreign key (org_id, hub_id) references hub (org_id, id),
  foreign key (org_id, user_id) references app_user (org_id, id),
  foreign key (org_id, created_by) references app_user (org_id, id),
  foreign key (org_id, revoked_by) references app_user (org_id, id),
  check ((practice_id is null) <> (hub_id is null)),
  check (revoked_by is null or revoked_at is not null)
);
create index system_client_org on system_client (org_id, created_at);

-- Access tokens issued to clients, by the sha-256 of the token (a stolen table cannot be
-- replayed). Looked up on every FHIR call, with the client, so a revocation counts at once.
create table system_client_token (
  token_hash text primary key check (token_hash ~ '^[0-9a-f]{64}$'),
  org_id uuid not null,
  client_id uuid not null,
  scopes text[] not null,
  issued_at timestamptz not null default now(),
  expires_at timestamptz not null,
  foreign key (org_id, client_id) references system_client (org_id, id) on delete cascade,
  check (expires_at > issued_at)
);
create index system_client_token_client on system_client_token (client_id, expires_at);
