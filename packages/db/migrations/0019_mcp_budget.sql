-- MCP finance (POP-2): per organisation and financial year, the agreement's settings, the
-- historic spend lines the whole population budget is built from, the quality metrics that
-- earn back the top slice, and the actual spend by contributor. Whole-organisation money with
-- no patient in it. Rates are whole basis points (1% = 100); money is whole pence. The domain
-- (parseMcpYear) checks everything before it is stored; the checks here are the backstop.

create table mcp_budget_year (
  org_id uuid not null references organisation (id),
  financial_year integer not null check (financial_year between 2000 and 2999),
  form text not null
    check (form in ('mcp-virtual', 'mcp-partially-integrated', 'mcp-fully-integrated')),
  uplift_bp integer not null check (uplift_bp between -5000 and 5000),
  -- 2.5-4% (source 001: "top sliced (2.5-4%)").
  top_slice_bp integer not null check (top_slice_bp between 250 and 400),
  earn_back_rule text not null check (earn_back_rule in ('linear', 'all-or-nothing')),
  provider_gain_share_bp integer not null check (provider_gain_share_bp between 0 and 10000),
  provider_loss_share_bp integer not null check (provider_loss_share_bp between 0 and 10000),
  provider_gain_cap_bp integer check (provider_gain_cap_bp between 0 and 10000),
  provider_gain_cap_pence bigint check (provider_gain_cap_pence >= 0),
  provider_loss_cap_bp integer check (provider_loss_cap_bp between 0 and 10000),
  provider_loss_cap_pence bigint check (provider_loss_cap_pence >= 0),
  set_by uuid,
  set_at timestamptz not null default now(),
  primary key (org_id, financial_year),
  foreign key (org_id, set_by) references app_user (org_id, id)
);

create table mcp_spend_line (
  org_id uuid not null,
  financial_year integer not null,
  position integer not null check (position >= 0),
  contributor text not null check (contributor in
    ('primary-care', 'social-care', 'public-health', 'community', 'acute', 'other')),
  service_line text not null check (length(trim(service_line)) between 1 and 200),
  base_year integer not null check (base_year between 2000 and 2999),
  amount_pence bigint not null check (amount_pence >= 0),
  aligned boolean not null default false,
  primary key (org_id, financial_year, position),
  foreign key (org_id, financial_year) references mcp_budget_year (org_id, financial_year)
    on delete cascade
);

create table mcp_quality_metric (
  org_id uuid not null,
  financial_year integer not null,
  key text not null check (key ~ '^[a-z][a-z0-9-]{0,39}$'),
  position integer not null check (position >= 0),
  name text not null check (length(trim(name)) between 1 and 200),
  direction text not null check (direction in ('higher-is-better', 'lower-is-better')),
  floor_value double precision not null,
  target_value double precision not null,
  weight_percent integer not null check (weight_percent between 1 and 100),
  -- Null when not known yet; for a metric worked out from atscale's data it is not stored.
  achieved double precision,
  source text not null default 'manual' check (source in ('manual', 'frailty-care-plans')),
  primary key (org_id, financial_year, key),
  foreign key (org_id, financial_year) references mcp_budget_year (org_id, financial_year)
    on delete cascade
);

create table mcp_actual_spend (
  org_id uuid not null,
  financial_year integer not null,
  contributor text not null check (contributor in
    ('primary-care', 'social-care', 'public-health', 'community', 'acute', 'other')),
  amount_pence bigint not null check (amount_pence >= 0),
  primary key (org_id, financial_year, contributor),
  foreign key (org_id, financial_year) references mcp_budget_year (org_id, financial_year)
    on delete cascade
);
