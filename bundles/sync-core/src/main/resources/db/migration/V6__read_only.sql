-- A database whose clients may only read (a Replica Of destination, typically); replication still writes.
ALTER TABLE DATABASES ADD COLUMN READ_ONLY BOOLEAN DEFAULT FALSE NOT NULL;
