CREATE TABLE `deleted_comments` (
	`id` integer PRIMARY KEY NOT NULL,
	`updated_at` text NOT NULL,
	`deleted_at` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `deleted_comments_deleted` ON `deleted_comments` (`deleted_at`);--> statement-breakpoint
CREATE TABLE `webhook_deliveries` (
	`id` text PRIMARY KEY NOT NULL,
	`event` text NOT NULL,
	`received_at` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `webhook_deliveries_received` ON `webhook_deliveries` (`received_at`);--> statement-breakpoint
CREATE INDEX `search_log_created` ON `search_log` (`created_at`);