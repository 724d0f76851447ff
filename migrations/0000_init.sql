CREATE TABLE `audit_log` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`actor` text NOT NULL,
	`action` text NOT NULL,
	`subject` text NOT NULL,
	`detail` text,
	`created_at` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `cluster_rules` (
	`id` text PRIMARY KEY NOT NULL,
	`kind` text NOT NULL,
	`signature_ids` text DEFAULT '[]' NOT NULL,
	`issue_keys` text DEFAULT '[]' NOT NULL,
	`target_cluster_id` text,
	`created_by` text NOT NULL,
	`reason` text NOT NULL,
	`created_at` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `clusters` (
	`id` text PRIMARY KEY NOT NULL,
	`template` text NOT NULL,
	`signature_ids` text NOT NULL,
	`issue_count` integer DEFAULT 0 NOT NULL,
	`state` text DEFAULT 'new' NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `comments` (
	`id` integer PRIMARY KEY NOT NULL,
	`repo_key` text NOT NULL,
	`issue_number` integer NOT NULL,
	`body` text DEFAULT '' NOT NULL,
	`author` text,
	`html_url` text NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `comments_issue` ON `comments` (`repo_key`,`issue_number`,`created_at`);--> statement-breakpoint
CREATE TABLE `entries` (
	`id` text PRIMARY KEY NOT NULL,
	`cluster_id` text,
	`title` text NOT NULL,
	`symptom` text DEFAULT '' NOT NULL,
	`error_signatures` text DEFAULT '[]' NOT NULL,
	`cause` text DEFAULT '' NOT NULL,
	`resolution` text DEFAULT '' NOT NULL,
	`affected_versions` text DEFAULT '[]' NOT NULL,
	`components` text DEFAULT '[]' NOT NULL,
	`source_issues` text DEFAULT '[]' NOT NULL,
	`state` text DEFAULT 'draft' NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`published_at` text
);
--> statement-breakpoint
CREATE INDEX `entries_cluster` ON `entries` (`cluster_id`);--> statement-breakpoint
CREATE TABLE `entry_versions` (
	`entry_id` text NOT NULL,
	`version` integer NOT NULL,
	`snapshot` text NOT NULL,
	`edited_by` text NOT NULL,
	`created_at` text NOT NULL,
	PRIMARY KEY(`entry_id`, `version`)
);
--> statement-breakpoint
CREATE TABLE `issue_signatures` (
	`issue_id` integer NOT NULL,
	`signature_id` text NOT NULL,
	`role` text NOT NULL,
	`sample` text NOT NULL,
	`masks` text DEFAULT '[]' NOT NULL,
	PRIMARY KEY(`issue_id`, `signature_id`)
);
--> statement-breakpoint
CREATE INDEX `issue_signatures_sig` ON `issue_signatures` (`signature_id`);--> statement-breakpoint
CREATE TABLE `issues` (
	`id` integer PRIMARY KEY NOT NULL,
	`repo` text NOT NULL,
	`repo_key` text NOT NULL,
	`number` integer NOT NULL,
	`title` text NOT NULL,
	`body` text DEFAULT '' NOT NULL,
	`state` text NOT NULL,
	`state_reason` text,
	`labels` text DEFAULT '[]' NOT NULL,
	`author` text,
	`is_pull_request` integer DEFAULT false NOT NULL,
	`reactions` integer DEFAULT 0 NOT NULL,
	`html_url` text NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`closed_at` text,
	`needs_analysis` integer DEFAULT true NOT NULL,
	`cluster_id` text,
	`primary_signature_id` text
);
--> statement-breakpoint
CREATE UNIQUE INDEX `issues_repo_number` ON `issues` (`repo_key`,`number`);--> statement-breakpoint
CREATE INDEX `issues_cluster` ON `issues` (`cluster_id`);--> statement-breakpoint
CREATE INDEX `issues_needs_analysis` ON `issues` (`needs_analysis`);--> statement-breakpoint
CREATE TABLE `repos` (
	`key` text PRIMARY KEY NOT NULL,
	`full_name` text NOT NULL,
	`last_synced_at` text
);
--> statement-breakpoint
CREATE TABLE `search_index` (
	`id` text PRIMARY KEY NOT NULL,
	`data` text NOT NULL,
	`document_count` integer NOT NULL,
	`built_at` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `search_log` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`query` text NOT NULL,
	`matched_signature` text,
	`best_score` real,
	`result_count` integer NOT NULL,
	`created_at` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `signatures` (
	`id` text PRIMARY KEY NOT NULL,
	`template` text NOT NULL,
	`created_at` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `sync_state` (
	`repo_key` text NOT NULL,
	`endpoint` text NOT NULL,
	`since` text,
	`page` integer DEFAULT 1 NOT NULL,
	`etag` text,
	`updated_at` text NOT NULL,
	PRIMARY KEY(`repo_key`, `endpoint`)
);
--> statement-breakpoint
CREATE TABLE `tokens` (
	`id` text PRIMARY KEY NOT NULL,
	`hash` text NOT NULL,
	`role` text NOT NULL,
	`label` text NOT NULL,
	`created_at` text NOT NULL,
	`revoked_at` text
);
--> statement-breakpoint
CREATE UNIQUE INDEX `tokens_hash_unique` ON `tokens` (`hash`);