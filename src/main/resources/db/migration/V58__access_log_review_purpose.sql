-- Reviewing the access log shows the pupils each entry names by name and UPN. Showing them is itself
-- a use of pupil data, so it has its own purpose in the record of processing: it reads names and
-- UPNs of the pupils on the page only, for the school's reviewers, and changes nothing. The
-- application refuses it for any other access.
insert into processing_purpose (code, description, lawful_basis, allowed_roles, default_for, reason_required,
                                may_change, position)
values ('ACCESS_LOG_REVIEW', 'Reviewing who used pupil data and why (names on the access-log pages)',
        'Legal obligation (Art 6(1)(c))', '{DPO,SCHOOL_ADMIN}', '{}', false, false, 12);
