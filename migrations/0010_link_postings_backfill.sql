-- The link postings are written by the extract step with each issue's evidence: emptying the
-- evidence cache makes the next refresh extract every issue again, which fills them.
DELETE FROM `issue_evidence`;
--> statement-breakpoint
DELETE FROM `cluster_link_state`;
