-- The patient register: sex, postcode, registration dates and contact preferences, and an
-- index for finding a patient by family name and date of birth.

alter table patient
  add column sex text not null default 'unknown'
    check (sex in ('female', 'male', 'indeterminate', 'unknown')),
  add column postcode text,
  add column registered_on date,
  add column deregistered_on date,
  add column contact_phone text,
  add column contact_email text,
  -- How the patient prefers to be contacted; null when they have not said.
  add column contact_preference text check (contact_preference in ('phone', 'sms', 'email', 'letter')),
  add constraint patient_registration_dates
    check (deregistered_on is null or registered_on is null or deregistered_on >= registered_on);

create index patient_name_dob on patient (org_id, lower(family_name), date_of_birth);
