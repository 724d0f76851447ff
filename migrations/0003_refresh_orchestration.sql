CREATE TABLE `leases` (
	`name` text PRIMARY KEY NOT NULL,
	`owner` text NOT NULL,
	`acquired_at` text NOT NULL,
	`expires_at` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `refresh_state` (
	`id` text PRIMARY KEY NOT NULL,
	`generation` integer DEFAULT 0 NOT NULL,
	`requested_at` text,
	`done_generation` integer DEFAULT 0 NOT NULL,
	`completed_at` text,
	`job_generation` integer,
	`job_started_at` text,
	`step_name` text,
	`step_cursor` text,
	`invocations` integer DEFAULT 0 NOT NULL,
	`failures` integer DEFAULT 0 NOT NULL,
	`last_error` text,
	`updated_at` text
);
