-- When each row the FHIR facade shows last changed (issue 7): meta.lastUpdated and the
-- _lastUpdated search parameter. The tables behind Practitioner and PractitionerRole
-- (staff_member), HealthcareService (hub), Patient, Slot, Appointment, Location (site) and
-- Organization (practice) had no such column. Rows already here get the time of this migration:
-- nothing better is known about them, and it is not earlier than their last change.

-- One trigger function for every table: any UPDATE of a row stamps it, so no repository has to
-- remember to (a slot whose places are taken changes too: it may have gone from free to busy).
create function touch_updated_at() returns trigger language plpgsql as $$
begin
  new.updated_at := now();
  return new;
end;
$$;

alter table staff_member add column updated_at timestamptz not null default now();
create trigger staff_member_touch before update on staff_member
  for each row execute function touch_updated_at();

alter table hub add column updated_at timestamptz not null default now();
create trigger hub_touch before update on hub
  for each row execute function touch_updated_at();

alter table patient add column updated_at timestamptz not null default now();
create trigger patient_touch before update on patient
  for each row execute function touch_updated_at();

alter table slot add column updated_at timestamptz not null default now();
create trigger slot_touch before update on slot
  for each row execute function touch_updated_at();

alter table appointment add column updated_at timestamptz not null default now();
create trigger appointment_touch before update on appointment
  for each row execute function touch_updated_at();

alter table site add column updated_at timestamptz not null default now();
create trigger site_touch before update on site
  for each row execute function touch_updated_at();

alter table practice add column updated_at timestamptz not null default now();
create trigger practice_touch before update on practice
  for each row execute function touch_updated_at();
