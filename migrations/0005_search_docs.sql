CREATE TABLE `search_docs` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`doc_id` text NOT NULL,
	`issue_id` integer,
	`meta` text,
	`fingerprint` text NOT NULL,
	`changed_at` text NOT NULL,
	`title` text DEFAULT '' NOT NULL,
	`errors` text DEFAULT '' NOT NULL,
	`body` text DEFAULT '' NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `search_docs_doc` ON `search_docs` (`doc_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `search_docs_issue` ON `search_docs` (`issue_id`);--> statement-breakpoint
CREATE INDEX `search_docs_changed` ON `search_docs` (`changed_at`);