-- Board elections (GOV-4): an election for N seats among the partners of member practices,
-- nominations with statements, a secret ballot counted by single transferable vote (the
-- Scottish STV rules, domain/governance/stv.ts) and the published count sheet.
--
-- Secrecy is in the shape of the tables: who may vote and whether they have voted lives in
-- election_voter; what was voted lives in election_ballot, which has no voter column, no
-- timestamp and no serial number, and random ids, so no query can join a ballot to a voter
-- or order ballots by when they were cast. Casting updates the voter row and inserts the
-- ballot in one transaction (repositories/elections.ts).

create table election (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references organisation (id),
  title text not null check (length(trim(title)) > 0 and length(title) <= 200),
  seats integer not null default 7 check (seats between 1 and 50),
  -- nominations -> voting -> closed -> counted -> published, only ever forwards.
  status text not null default 'nominations'
    check (status in ('nominations', 'voting', 'closed', 'counted', 'published')),
  created_by uuid,
  created_at timestamptz not null default now(),
  voting_opened_at timestamptz,
  voting_closed_at timestamptz,
  counted_at timestamptz,
  published_at timestamptz,
  -- The seed of any drawing of lots (rules 49(3), 51(2)(b)), fixed when voting opens so the
  -- count can be replayed by anyone; the full count sheet as the domain returns it.
  count_seed text,
  count_sheet jsonb,
  unique (org_id, id),
  foreign key (org_id, created_by) references app_user (org_id, id),
  check ((status = 'nominations') = (voting_opened_at is null)),
  check (status in ('nominations', 'voting') or voting_closed_at is not null),
  check (status not in ('counted', 'published') or count_sheet is not null)
);
create index election_org on election (org_id, created_at);

-- A candidate: a partner nominated (by themself or another) with their statement. Withdrawal is
-- allowed until voting opens; a withdrawn candidate is skipped on every ballot.
create table election_candidate (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null,
  election_id uuid not null,
  user_id uuid not null,
  statement text not null check (length(trim(statement)) > 0 and length(statement) <= 4000),
  nominated_by uuid not null,
  nominated_at timestamptz not null default now(),
  withdrawn_at timestamptz,
  unique (election_id, user_id),
  unique (org_id, id),
  foreign key (org_id, election_id) references election (org_id, id),
  foreign key (org_id, user_id) references app_user (org_id, id),
  foreign key (org_id, nominated_by) references app_user (org_id, id)
);

-- The register of voters, taken when voting opens: one row per eligible partner. has_voted is
-- all it records of the vote: no time, so the order of casting is not kept here either.
create table election_voter (
  org_id uuid not null,
  election_id uuid not null,
  user_id uuid not null,
  has_voted boolean not null default false,
  primary key (election_id, user_id),
  foreign key (org_id, election_id) references election (org_id, id),
  foreign key (org_id, user_id) references app_user (org_id, id)
);

-- The ballot box. No voter, no time, no sequence: a random id, the preferences (candidate ids,
-- first preference first) and the SHA-256 of the receipt code the voter was shown once.
create table election_ballot (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null,
  election_id uuid not null,
  preferences uuid[] not null check (cardinality(preferences) between 1 and 200),
  receipt_hash text not null unique check (receipt_hash ~ '^[0-9a-f]{64}$'),
  foreign key (org_id, election_id) references election (org_id, id)
);
create index election_ballot_election on election_ballot (election_id, receipt_hash);
