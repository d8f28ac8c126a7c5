-- Requirement changes made within the same instant still have an order: the one made last stands.
alter table guidance_requirement add column position bigint generated always as identity;
create index guidance_requirement_latest on guidance_requirement (school_id, position desc);
