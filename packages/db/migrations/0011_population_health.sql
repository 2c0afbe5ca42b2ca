-- Population health (issue 9, POP-1): coded records imported from practices' clinical systems,
-- eFI code lists with their provenance, and frailty scores computed in one set-based pass.
--
-- atscale is not the clinical record: coded entries hold only what the frailty index needs
-- (a SNOMED CT concept and its date, per patient on the register), and come from files whose
-- content hash is kept so that the same file is never imported twice.

-- A code list as loaded: the public one shipped in the repository, or an organisation's
-- licensed copy of the University of Leeds eFI lists. Source, version and licence are kept so
-- every score can say which list it was computed with.
create table code_list (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references organisation (id),
  kind text not null default 'efi' check (kind in ('efi')),
  name text not null check (length(trim(name)) between 1 and 200),
  version text not null check (length(trim(version)) between 1 and 100),
  source text not null check (length(source) between 1 and 2000),
  licence text not null check (length(licence) between 1 and 2000),
  loaded_by uuid,
  loaded_at timestamptz not null default now(),
  unique (org_id, id),
  unique (org_id, kind, version)
);

-- The concepts of a code list, each standing for one deficit.
create table code_list_code (
  org_id uuid not null,
  code_list_id uuid not null,
  deficit text not null check (deficit ~ '^[a-z][a-z-]{2,40}$'),
  code text not null check (code ~ '^[1-9][0-9]{5,17}$'),
  term text not null default '',
  primary key (code_list_id, code),
  foreign key (org_id, code_list_id) references code_list (org_id, id)
);
create index code_list_code_lookup on code_list_code (org_id, code_list_id, code);

-- One imported file. The same content (sha-256) is imported once per organisation.
create table coded_import (
  id uuid primary key,
  org_id uuid not null references organisation (id),
  file_name text not null check (length(file_name) between 1 and 300),
  format text not null check (format in ('ndjson', 'csv')),
  content_sha256 text not null check (content_sha256 ~ '^[0-9a-f]{64}$'),
  lines integer not null check (lines >= 0),
  entries integer not null check (entries >= 0),
  -- Records for NHS numbers (or export Patient ids) not on the organisation's register.
  unknown_patients integer not null check (unknown_patients >= 0),
  -- Lines carrying nothing to import: other resource types, other code systems, blank lines.
  skipped integer not null check (skipped >= 0),
  imported_by uuid,
  imported_at timestamptz not null default now(),
  unique (org_id, id),
  unique (org_id, content_sha256)
);

-- A SNOMED CT coded entry of a patient's record. The practice is not copied here: it is the
-- patient's registered practice, read from the register when it is needed.
create table coded_entry (
  id bigint generated always as identity primary key,
  org_id uuid not null,
  patient_id uuid not null,
  kind text not null check (kind in ('condition', 'observation', 'medication')),
  code text not null check (code ~ '^[1-9][0-9]{5,17}$'),
  recorded_on date not null,
  import_id uuid not null,
  foreign key (org_id, patient_id) references patient (org_id, id),
  -- Deferred: a file's entries are written before its import row, whose hash is only known
  -- once the whole file has been read; both commit together or not at all.
  foreign key (org_id, import_id) references coded_import (org_id, id) deferrable initially deferred
);
create index coded_entry_code on coded_entry (org_id, code);
create index coded_entry_patient on coded_entry (org_id, patient_id);

-- One scoring pass: every patient aged 65 or over on the date, with one code list.
create table frailty_run (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references organisation (id),
  scored_on date not null,
  code_list_id uuid not null,
  patients integer not null check (patients >= 0),
  run_by uuid,
  run_at timestamptz not null default clock_timestamp(),
  unique (org_id, id),
  foreign key (org_id, code_list_id) references code_list (org_id, id)
);
create index frailty_run_latest on frailty_run (org_id, run_at desc);

-- A patient's electronic frailty index in one run. The practice is the one they were
-- registered with when scored, so a run's figures do not move when a patient moves.
create table frailty_score (
  run_id uuid not null,
  org_id uuid not null,
  practice_id uuid not null,
  patient_id uuid not null,
  age integer not null check (age >= 65),
  deficit_count integer not null check (deficit_count between 0 and 36),
  score numeric(5, 4) not null check (score between 0 and 1),
  category text not null check (category in ('fit', 'mild', 'moderate', 'severe')),
  primary key (run_id, patient_id),
  foreign key (org_id, run_id) references frailty_run (org_id, id),
  foreign key (org_id, practice_id) references practice (org_id, id),
  foreign key (org_id, patient_id) references patient (org_id, id)
);
create index frailty_score_practice on frailty_score (org_id, run_id, practice_id, category);
