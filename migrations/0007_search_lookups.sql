CREATE TABLE `search_features` (
	`feature_id` text PRIMARY KEY NOT NULL,
	`template` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `search_features_template` ON `search_features` (`template`);--> statement-breakpoint
CREATE TABLE `search_templates` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`signature_id` text NOT NULL,
	`template` text NOT NULL,
	`length` integer NOT NULL,
	`constants` integer NOT NULL,
	`constant_positions` integer NOT NULL,
	`keys` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `search_templates_signature_id_unique` ON `search_templates` (`signature_id`);--> statement-breakpoint
ALTER TABLE `search_docs` ADD `cluster_id` text;--> statement-breakpoint
ALTER TABLE `search_docs` ADD `repo` text;--> statement-breakpoint
ALTER TABLE `search_docs` ADD `number` integer;--> statement-breakpoint
ALTER TABLE `search_docs` ADD `keys` text DEFAULT '' NOT NULL;--> statement-breakpoint
CREATE INDEX `search_docs_cluster` ON `search_docs` (`cluster_id`,`repo`,`number`);