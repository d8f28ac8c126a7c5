-- The date a CSV export was taken, as the uploader states it (a CSV does not say): its academic year
-- judges each pupil's age for their NC year. Null: the day of the import. A CTF's header says itself.
alter table import_job add column reference_date date;
