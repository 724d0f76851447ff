-- WITHOUT ROWID, added by hand (drizzle cannot declare it): a key's clusters and counts are read
-- from the primary key's B-tree alone. Kept by the triggers of 0018.
CREATE TABLE `search_key_clusters` (
	`key` text NOT NULL,
	`cluster_id` text NOT NULL,
	`n` integer NOT NULL,
	PRIMARY KEY(`key`, `cluster_id`)
) WITHOUT ROWID;
