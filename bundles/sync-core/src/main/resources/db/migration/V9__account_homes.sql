-- Accounts of the demo schema gain their home folder (relative to the synchronized accounts root, the cluster
-- parameter accounts.root, by default the node home's accounts/), and the UID and GID that own it. A secondary
-- makes a synchronized account's missing home, owned so.
ALTER TABLE ACCOUNTS ADD COLUMN HOME_DIR VARCHAR(1024);
ALTER TABLE ACCOUNTS ADD COLUMN UID INT;
ALTER TABLE ACCOUNTS ADD COLUMN GID INT;
