CREATE TABLE `search_pending` (
	`seq` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`issue_id` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `search_pending_issue` ON `search_pending` (`issue_id`);