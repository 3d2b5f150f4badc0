-- Replica Of: the source databases (on other clusters) a database replicates, and whether its replication runs
-- ('disabled' with no sources, 'enabled', 'paused').
ALTER TABLE DATABASES ADD COLUMN REPLICA_STATE VARCHAR(16) DEFAULT 'disabled' NOT NULL;

CREATE TABLE REPLICA_SOURCES (
    DB_ID INT NOT NULL,
    IDX INT NOT NULL,
    URI VARCHAR(1024) NOT NULL,
    PRIMARY KEY (DB_ID, IDX),
    CONSTRAINT REPLICA_SOURCES_DB FOREIGN KEY (DB_ID) REFERENCES DATABASES (ID) ON DELETE CASCADE
);
