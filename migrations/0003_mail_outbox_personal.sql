-- Mail to citizens carries their address and their case's secret tracking code. Such mail is
-- marked personal: administrators reading the outbox see the address masked and only the
-- redacted copy the sender stored beside the message. Rows written before this column existed
-- were all mail to citizens, hence the default.
ALTER TABLE mail_outbox ADD COLUMN personal boolean NOT NULL DEFAULT true;
ALTER TABLE mail_outbox ADD COLUMN shown_subject text;
ALTER TABLE mail_outbox ADD COLUMN shown_body text;
