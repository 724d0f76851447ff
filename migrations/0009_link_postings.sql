CREATE TABLE `link_dirty_features` (
	`feature_id` text PRIMARY KEY NOT NULL,
	`was_present` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `link_feature_variants` (
	`id` text PRIMARY KEY NOT NULL,
	`feature_id` text NOT NULL,
	`template` text NOT NULL,
	`spec` real NOT NULL,
	`general` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `link_feature_variants_feature` ON `link_feature_variants` (`feature_id`);--> statement-breakpoint
CREATE TABLE `link_postings` (
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
CREATE INDEX `link_postings_issue` ON `link_postings` (`issue_id`);--> statement-breakpoint
CREATE TABLE `link_tails` (
	`issue_id` integer NOT NULL,
	`prefix` text NOT NULL,
	PRIMARY KEY(`prefix`, `issue_id`)
);
--> statement-breakpoint
CREATE INDEX `link_tails_issue` ON `link_tails` (`issue_id`);--> statement-breakpoint
ALTER TABLE `cluster_link_state` ADD `rules` text;--> statement-breakpoint
ALTER TABLE `cluster_link_state` ADD `corpus` integer;