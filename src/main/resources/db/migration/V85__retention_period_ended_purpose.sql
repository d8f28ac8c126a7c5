-- The record of processing names every purpose the access log can show. Records deleted at the end
-- of their retention period are logged under this one; no person may name it: only the sweep uses it.
insert into processing_purpose (code, description, lawful_basis, allowed_roles, default_for, reason_required,
                                may_change, position)
values ('RETENTION_PERIOD_ENDED', 'Deleting records whose retention period has ended',
        'Legal obligation (Art 6(1)(c)); storage limitation, Art 5(1)(e)', '{}', '{}', false, true,
        (select max(position) + 1 from processing_purpose));
