CREATE TABLE `queue_basis` (
	`id` text PRIMARY KEY NOT NULL,
	`horizon` text NOT NULL,
	`full_at` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `queue_pending` (
	`seq` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`cluster_id` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `queue_pending_cluster` ON `queue_pending` (`cluster_id`);--> statement-breakpoint
CREATE INDEX `issues_created` ON `issues` (`created_at`);--> statement-breakpoint
CREATE INDEX `search_docs_live` ON `search_docs` (`cluster_id`,`issue_id`) WHERE meta is not null;