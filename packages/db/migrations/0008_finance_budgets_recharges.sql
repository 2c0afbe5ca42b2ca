-- Finance, continued: budgets per cost centre and account for a financial year (FIN-1), and
-- recharges for services one member provides to another (FIN-5): the agreement, the usage
-- recorded against it, and monthly recharge invoices posted in both practices' ledgers. Profit
-- parity (FIN-6) is worked out from the ledger when asked for, so it stores nothing. Money is
-- whole pence in bigint columns, as in 0007.

-- What a cost centre plans to earn or spend on an account in a financial year, as a positive
-- amount in the account's natural direction (income received, costs paid). Setting a centre's
-- budget for a year replaces its lines; the audit trail keeps who changed it and when.
create table budget (
  org_id uuid not null,
  cost_centre_id uuid not null,
  financial_year integer not null check (financial_year between 2000 and 2999),
  account_code text not null,
  amount_pence bigint not null check (amount_pence between 0 and 100000000000),
  set_by uuid,
  set_at timestamptz not null default now(),
  primary key (org_id, cost_centre_id, financial_year, account_code),
  foreign key (org_id, cost_centre_id) references cost_centre (org_id, id),
  foreign key (org_id, account_code) references finance_account (org_id, code),
  foreign key (org_id, set_by) references app_user (org_id, id)
);

-- A service one member practice provides to another at a price per unit (an anticoagulation
-- clinic for another practice's patients, a shared pharmacist's sessions). The VAT treatment is
-- the service's own; whether VAT is charged at all also depends on the organisation's form,
-- which the domain decides when the invoice is made.
create table recharge_agreement (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references organisation (id),
  provider_practice_id uuid not null,
  recipient_practice_id uuid not null,
  service_name text not null check (length(trim(service_name)) between 1 and 200),
  unit text not null check (unit ~ '^[a-z][a-z -]{0,39}$'),
  unit_price_pence bigint not null check (unit_price_pence between 1 and 100000000000),
  vat_treatment text not null check (vat_treatment in ('exempt', 'standard')),
  starts_on date not null,
  ends_on date,
  created_by uuid,
  created_at timestamptz not null default now(),
  unique (org_id, id),
  foreign key (org_id, provider_practice_id) references practice (org_id, id),
  foreign key (org_id, recipient_practice_id) references practice (org_id, id),
  foreign key (org_id, created_by) references app_user (org_id, id),
  check (provider_practice_id <> recipient_practice_id),
  check (ends_on is null or ends_on >= starts_on)
);
create index recharge_agreement_provider on recharge_agreement (org_id, provider_practice_id);
create index recharge_agreement_recipient on recharge_agreement (org_id, recipient_practice_id);

-- Units of a service used on a day. Never changed once recorded; a mistake is removed (only
-- while no invoice rests on it) and recorded again.
create table recharge_usage (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null,
  agreement_id uuid not null,
  used_on date not null,
  quantity integer not null check (quantity between 1 and 1000000),
  note text check (length(note) <= 500),
  recorded_by uuid,
  created_at timestamptz not null default now(),
  unique (org_id, id),
  foreign key (org_id, agreement_id) references recharge_agreement (org_id, id),
  foreign key (org_id, recorded_by) references app_user (org_id, id)
);
create index recharge_usage_agreement on recharge_usage (org_id, agreement_id, used_on);

-- One month's recharges from one practice to another. Numbered per organisation and financial
-- year from 1 without gaps (RCH-YEAR-00001), apart from the levy's numbers. The cost centres
-- are those the charge was posted to, so that payment posts to the same ones.
create table recharge_invoice (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null,
  provider_practice_id uuid not null,
  recipient_practice_id uuid not null,
  provider_cost_centre_id uuid not null,
  recipient_cost_centre_id uuid not null,
  financial_year integer not null check (financial_year between 2000 and 2999),
  sequence integer not null check (sequence >= 1),
  invoice_number text not null,
  period_from date not null,
  period_to date not null,
  period_label text not null,
  issued_on date not null,
  due_on date not null,
  standard_vat_basis_points integer not null check (standard_vat_basis_points between 0 and 10000),
  net_pence bigint not null check (net_pence >= 0),
  vat_pence bigint not null check (vat_pence >= 0),
  gross_pence bigint not null,
  status text not null default 'unpaid' check (status in ('unpaid', 'paid')),
  paid_on date,
  journal_entry_id uuid not null,
  payment_entry_id uuid,
  issued_by uuid,
  created_at timestamptz not null default now(),
  unique (org_id, id),
  unique (org_id, financial_year, sequence),
  unique (org_id, invoice_number),
  foreign key (org_id, provider_practice_id) references practice (org_id, id),
  foreign key (org_id, recipient_practice_id) references practice (org_id, id),
  foreign key (org_id, provider_cost_centre_id) references cost_centre (org_id, id),
  foreign key (org_id, recipient_cost_centre_id) references cost_centre (org_id, id),
  foreign key (org_id, journal_entry_id) references journal_entry (org_id, id),
  foreign key (org_id, payment_entry_id) references journal_entry (org_id, id),
  foreign key (org_id, issued_by) references app_user (org_id, id),
  check (provider_practice_id <> recipient_practice_id),
  check (period_to >= period_from),
  check (gross_pence = net_pence + vat_pence),
  check (due_on >= issued_on),
  check ((status = 'paid') = (paid_on is not null)),
  check ((status = 'paid') = (payment_entry_id is not null)),
  check (paid_on is null or paid_on >= issued_on)
);
create index recharge_invoice_provider on recharge_invoice (org_id, provider_practice_id, period_from);
create index recharge_invoice_recipient on recharge_invoice (org_id, recipient_practice_id, period_from);

-- One line per agreement: the month's units at the agreement's price, VAT worked out per line.
create table recharge_invoice_line (
  org_id uuid not null,
  invoice_id uuid not null,
  line_number integer not null check (line_number >= 1),
  agreement_id uuid not null,
  description text not null check (length(trim(description)) > 0),
  unit text not null,
  quantity integer not null check (quantity >= 1),
  unit_price_pence bigint not null check (unit_price_pence >= 1),
  net_pence bigint not null,
  vat_treatment text not null check (vat_treatment in ('outside-scope', 'exempt', 'standard')),
  vat_pence bigint not null check (vat_pence >= 0),
  primary key (invoice_id, line_number),
  unique (org_id, invoice_id, line_number),
  unique (invoice_id, agreement_id),
  foreign key (org_id, invoice_id) references recharge_invoice (org_id, id),
  foreign key (org_id, agreement_id) references recharge_agreement (org_id, id),
  check (net_pence = quantity * unit_price_pence),
  check (vat_treatment = 'standard' or vat_pence = 0)
);

-- Which usage each line charges for. Its key is the usage: the same usage is never invoiced
-- twice, whoever runs the month and however often.
create table recharge_invoice_usage (
  usage_id uuid primary key,
  org_id uuid not null,
  invoice_id uuid not null,
  line_number integer not null,
  foreign key (org_id, usage_id) references recharge_usage (org_id, id),
  foreign key (org_id, invoice_id, line_number)
    references recharge_invoice_line (org_id, invoice_id, line_number)
);
create index recharge_invoice_usage_invoice on recharge_invoice_usage (org_id, invoice_id);

-- An invoice's totals are its lines' sums, its lines charge agreements between its two
-- practices, and each line's quantity is the usage it rests on: checked at commit, so the
-- invoice, its lines and its usage can be written one statement at a time.
create function recharge_invoice_check(checked_invoice uuid) returns void language plpgsql as $$
declare
  line_count integer;
  line_net bigint;
  line_vat bigint;
  inv recharge_invoice%rowtype;
begin
  select * into inv from recharge_invoice where id = checked_invoice;
  if not found then
    return;
  end if;
  select count(*), coalesce(sum(net_pence), 0), coalesce(sum(vat_pence), 0)
    into line_count, line_net, line_vat
    from recharge_invoice_line where invoice_id = checked_invoice;
  if line_count = 0 then
    raise exception 'recharge invoice % has no lines', checked_invoice
      using errcode = 'check_violation';
  end if;
  if line_net <> inv.net_pence or line_vat <> inv.vat_pence then
    raise exception 'recharge invoice % totals (net %p, VAT %p) are not its lines'' (net %p, VAT %p)',
      checked_invoice, inv.net_pence, inv.vat_pence, line_net, line_vat
      using errcode = 'check_violation';
  end if;
  if exists (select 1 from recharge_invoice_line l
               join recharge_agreement a on a.org_id = l.org_id and a.id = l.agreement_id
              where l.invoice_id = checked_invoice
                and (a.provider_practice_id <> inv.provider_practice_id
                     or a.recipient_practice_id <> inv.recipient_practice_id)) then
    raise exception 'recharge invoice % charges for another pair of practices', checked_invoice
      using errcode = 'check_violation';
  end if;
  if exists (select 1 from recharge_invoice_line l
              where l.invoice_id = checked_invoice
                and l.quantity <> (select coalesce(sum(u.quantity), 0)
                                     from recharge_invoice_usage x
                                     join recharge_usage u on u.org_id = x.org_id and u.id = x.usage_id
                                    where x.invoice_id = l.invoice_id
                                      and x.line_number = l.line_number
                                      and u.agreement_id = l.agreement_id
                                      and u.used_on between inv.period_from and inv.period_to)) then
    raise exception 'recharge invoice % has a line whose quantity is not its usage in the period',
      checked_invoice
      using errcode = 'check_violation';
  end if;
end;
$$;

create function recharge_invoice_checked() returns trigger language plpgsql as $$
begin
  perform recharge_invoice_check(new.id);
  return null;
end;
$$;

create function recharge_invoice_part_checked() returns trigger language plpgsql as $$
begin
  perform recharge_invoice_check(new.invoice_id);
  return null;
end;
$$;

create constraint trigger recharge_invoice_consistent after insert on recharge_invoice
  deferrable initially deferred
  for each row execute function recharge_invoice_checked();
create constraint trigger recharge_invoice_line_consistent after insert on recharge_invoice_line
  deferrable initially deferred
  for each row execute function recharge_invoice_part_checked();
create constraint trigger recharge_invoice_usage_consistent after insert on recharge_invoice_usage
  deferrable initially deferred
  for each row execute function recharge_invoice_part_checked();

-- What an invoice charged never changes: its lines and their links to usage are append-only
-- (ledger_is_append_only is 0007's refusal), and usage is fixed once recorded. The invoice row
-- itself only records payment.
create trigger recharge_invoice_line_no_update_or_delete before update or delete
  on recharge_invoice_line for each row execute function ledger_is_append_only();
create trigger recharge_invoice_usage_no_update_or_delete before update or delete
  on recharge_invoice_usage for each row execute function ledger_is_append_only();

create function recharge_usage_is_fixed() returns trigger language plpgsql as $$
begin
  if tg_op = 'UPDATE' then
    raise exception 'recharge usage is never changed: remove it while it is not invoiced and record it again'
      using errcode = 'insufficient_privilege';
  end if;
  if exists (select 1 from recharge_invoice_usage where usage_id = old.id) then
    raise exception 'recharge usage % is invoiced and cannot be removed', old.id
      using errcode = 'insufficient_privilege';
  end if;
  return old;
end;
$$;

create trigger recharge_usage_fixed before update or delete on recharge_usage
  for each row execute function recharge_usage_is_fixed();
