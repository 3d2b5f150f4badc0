-- Whether a database's proxy endpoints speak TLS: no, yes, or mutual (client certificates required).
ALTER TABLE DATABASES ADD COLUMN TLS VARCHAR(8) DEFAULT 'no' NOT NULL;
