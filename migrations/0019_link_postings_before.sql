CREATE TABLE `link_postings_before` (
	`feature_id` text NOT NULL,
	`issue_id` integer NOT NULL,
	`cut` integer NOT NULL,
	`quality` real NOT NULL,
	`lead` integer NOT NULL,
	`whole` integer NOT NULL,
	`variant` text NOT NULL,
	PRIMARY KEY(`feature_id`, `issue_id`, `cut`)
);
--> statement-breakpoint
CREATE INDEX `link_postings_before_issue` ON `link_postings_before` (`issue_id`);--> statement-breakpoint
CREATE TABLE `link_snapshot_issues` (
	`issue_id` integer PRIMARY KEY NOT NULL
);
