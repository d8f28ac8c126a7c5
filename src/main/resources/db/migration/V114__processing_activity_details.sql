-- The record of processing an inspection asks for (UK GDPR Art 30): besides each purpose's lawful
-- basis, the Art 9 condition where special category data may be used (the optional categories such
-- as ethnicity and special educational needs), the retention category its records fall in, and who
-- receives the data. Platform reference data: the application still only reads it.
alter table processing_purpose
    add column art9_condition     text,
    add column retention_category text not null default 'PUPIL_RECORDS'
        check (retention_category ~ '^[A-Z_]{1,64}$'),
    add column recipients         text[] not null default '{"The school''s staff in the roles allowed"}';

update processing_purpose set art9_condition =
    'Art 9(2)(g) substantial public interest: statutory and government purposes (DPA 2018 Sch 1 para 6) and equality of opportunity (para 8)'
 where code in ('TEACHING_AND_LEARNING', 'ASSESSMENT_TRACKING', 'EXAM_ADMINISTRATION', 'DATA_MANAGEMENT',
                'LEGAL_OBLIGATION', 'SUPPORT_WITH_CONSENT', 'BREACH_INVESTIGATION', 'RETENTION_PERIOD_ENDED',
                'CONTRACT_END_RETURN');
update processing_purpose set art9_condition =
    'Art 9(2)(c) vital interests of the pupil' where code = 'BREAK_GLASS';
update processing_purpose set art9_condition =
    'Art 9(2)(f) legal claims' where code = 'LEGAL_CLAIMS';
update processing_purpose set art9_condition =
    'Art 9(2)(g) substantial public interest: statutory purposes (DPA 2018 Sch 1 para 6)'
 where code = 'SUBJECT_RIGHTS_REQUEST';

update processing_purpose set retention_category = 'RIGHTS_REQUEST_RECORDS' where code = 'SUBJECT_RIGHTS_REQUEST';
update processing_purpose set retention_category = 'ACCESS_LOG' where code = 'ACCESS_LOG_REVIEW';
update processing_purpose set retention_category = 'STAFF_ACCOUNTS' where code = 'STAFF_ADMINISTRATION';
update processing_purpose set retention_category = 'ERASURE_TOMBSTONES' where code = 'READMISSION';
update processing_purpose set retention_category = 'LEGAL_HOLDS' where code = 'LEGAL_CLAIMS';

update processing_purpose set recipients = '{"The school''s staff in the roles allowed","Parents and carers of the pupil"}'
 where code = 'PARENT_COMMUNICATION';
update processing_purpose set recipients = '{"The school''s staff in the roles allowed","Awarding bodies (entries made by the school)"}'
 where code = 'EXAM_ADMINISTRATION';
update processing_purpose set recipients = '{"The school''s staff in the roles allowed","The Department for Education and the local authority (returns made by the school)"}'
 where code = 'LEGAL_OBLIGATION';
update processing_purpose set recipients = '{"The data subject or their representative"}'
 where code = 'SUBJECT_RIGHTS_REQUEST';
update processing_purpose set recipients = '{"The school''s DPO","The Information Commissioner''s Office (reports made by the school)"}'
 where code = 'BREACH_INVESTIGATION';
update processing_purpose set recipients = '{"The platform''s support engineers, only while the school''s consent lasts"}'
 where code = 'SUPPORT_WITH_CONSENT';
update processing_purpose set recipients = '{"The school''s legal advisers and courts (disclosure made by the school)"}'
 where code = 'LEGAL_CLAIMS';
update processing_purpose set recipients = '{"The school (its own export at the end of the contract)"}'
 where code = 'CONTRACT_END_RETURN';
