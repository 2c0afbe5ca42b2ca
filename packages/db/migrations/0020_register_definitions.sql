-- Registers defined by code lists (issue 9, POP-1 part 3): an optional age range (a patient is
-- on the register only when their age on the day is within it) and where the codes came from,
-- as for the eFI code lists: the source and version of the list they were taken from or
-- uploaded as. Registers defined before this have neither (null).
alter table population_register
  add column min_age integer check (min_age between 0 and 130),
  add column max_age integer check (max_age between 0 and 130),
  add column code_source text check (length(trim(code_source)) between 1 and 2000),
  add column code_version text check (length(trim(code_version)) between 1 and 100),
  add constraint population_register_age_range
    check (min_age is null or max_age is null or min_age <= max_age);
