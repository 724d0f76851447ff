CREATE TABLE `cluster_curation` (
	`cluster_id` text PRIMARY KEY NOT NULL,
	`ignored_reason` text,
	`snoozed_until` text,
	`updated_by` text NOT NULL,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `entry_export_targets` (
	`entry_id` text PRIMARY KEY NOT NULL,
	`target` text NOT NULL,
	`set_by` text NOT NULL,
	`set_at` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `queue_items` (
	`id` text PRIMARY KEY NOT NULL,
	`kind` text NOT NULL,
	`title` text NOT NULL,
	`score` real NOT NULL,
	`why` text NOT NULL,
	`cluster_id` text,
	`entry_id` text,
	`state` text NOT NULL,
	`repos` text DEFAULT '[]' NOT NULL,
	`components` text DEFAULT '[]' NOT NULL,
	`activity` text DEFAULT '[]' NOT NULL,
	`snoozed_until` text,
	`fingerprint` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `queue_items_rank` ON `queue_items` (`score`,`id`);--> statement-breakpoint
CREATE TABLE `sessions` (
	`id` text PRIMARY KEY NOT NULL,
	`token_id` text NOT NULL,
	`role` text NOT NULL,
	`label` text NOT NULL,
	`csrf` text NOT NULL,
	`created_at` text NOT NULL,
	`expires_at` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `sessions_token` ON `sessions` (`token_id`);--> statement-breakpoint
ALTER TABLE `comments` ADD `author_association` text;--> statement-breakpoint
ALTER TABLE `entries` ADD `candidate_fixes` text DEFAULT '[]' NOT NULL;--> statement-breakpoint
ALTER TABLE `entries` ADD `review_reasons` text DEFAULT '[]' NOT NULL;--> statement-breakpoint
ALTER TABLE `entries` ADD `verified_at` text;--> statement-breakpoint
ALTER TABLE `entries` ADD `reviewed_issue_keys` text DEFAULT '[]' NOT NULL;--> statement-breakpoint
ALTER TABLE `issues` ADD `author_association` text;--> statement-breakpoint
ALTER TABLE `issues` ADD `cluster_ties` text DEFAULT '[]' NOT NULL;