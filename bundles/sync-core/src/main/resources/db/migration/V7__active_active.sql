-- An instance of an Active-Active database: its id, this instance's id and every instance (RecordCodec, Base64).
ALTER TABLE DATABASES ADD COLUMN ACTIVE_ACTIVE VARCHAR(16000);
