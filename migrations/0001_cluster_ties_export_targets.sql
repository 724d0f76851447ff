CREATE TABLE `entry_export_targets` (
	`entry_id` text PRIMARY KEY NOT NULL,
	`target` text NOT NULL,
	`set_by` text NOT NULL,
	`set_at` text NOT NULL
);
--> statement-breakpoint
ALTER TABLE `issues` ADD `cluster_ties` text DEFAULT '[]' NOT NULL;