CREATE TABLE `cluster_link_state` (
	`id` text PRIMARY KEY NOT NULL,
	`inputs` text NOT NULL,
	`applied` integer NOT NULL,
	`linked_at` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `cluster_plan_clusters` (
	`id` text PRIMARY KEY NOT NULL,
	`remove` integer NOT NULL,
	`template` text NOT NULL,
	`signature_ids` text NOT NULL,
	`issue_count` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `cluster_plan_issues` (
	`issue_id` integer PRIMARY KEY NOT NULL,
	`cluster_id` text,
	`primary_signature_id` text,
	`ties` text NOT NULL,
	`rewrite_signatures` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `issue_evidence` (
	`issue_id` integer PRIMARY KEY NOT NULL,
	`text_hash` text NOT NULL,
	`version` text NOT NULL,
	`clusterable` integer NOT NULL,
	`link` text NOT NULL,
	`detail` text NOT NULL,
	`dirty` integer DEFAULT true NOT NULL
);
