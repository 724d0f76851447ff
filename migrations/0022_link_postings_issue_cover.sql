DROP INDEX `link_postings_issue`;--> statement-breakpoint
CREATE INDEX `link_postings_issue` ON `link_postings` (`issue_id`,`feature_id`);