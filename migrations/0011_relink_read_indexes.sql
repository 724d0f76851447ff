CREATE INDEX `issues_link_cover` ON `issues` (`id`,`repo`,`number`,`cluster_id`);--> statement-breakpoint
CREATE INDEX `issue_evidence_version` ON `issue_evidence` (`version`);--> statement-breakpoint
CREATE INDEX `issue_evidence_state` ON `issue_evidence` (`dirty`,`clusterable`);--> statement-breakpoint
CREATE INDEX `link_postings_feature_cover` ON `link_postings` (`feature_id`,`issue_id`,`quality`,`lead`,`whole`);