-- A rectification may correct an optional category too, named categories.<NAME> (e.g. categories.FIRST_LANGUAGE).
alter table rights_rectification drop constraint rights_rectification_field_check;
alter table rights_rectification add constraint rights_rectification_field_check
    check (field ~ '^([A-Za-z]{1,64}|categories\.[A-Z_]{1,64})$');
