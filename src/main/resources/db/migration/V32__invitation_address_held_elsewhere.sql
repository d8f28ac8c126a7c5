-- An invitation for an address that already belongs to an account in another school (or to platform
-- staff) answers exactly like any other invitation, so a school admin cannot learn who uses Custodian
-- elsewhere: the account is created in the inviting school as usual, marked as held elsewhere, and no
-- link is sent (the holder gets an email saying someone tried). Such rows never take part in sign-in
-- or username uniqueness.
alter table user_account add column address_held_elsewhere boolean not null default false;
drop index user_account_username_index;
create unique index user_account_username_index on user_account (username_index)
    where removed_at is null and not address_held_elsewhere;
