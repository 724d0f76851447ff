-- A document's cluster has its own column and a field of its metadata; its text, keys, repo and
-- number do not depend on which cluster it is in (only on whether it is in one). An issue whose
-- only change is a move from one cluster to another (a merge of two families moves thousands) is
-- marked `cluster_only`, and the search-index step moves its row in SQL instead of reading its
-- thread and rebuilding the document (src/search/index-refresh.ts). Every other mark clears the
-- flag, so a document waiting for any other change is still rebuilt whole.
ALTER TABLE `search_pending` ADD `cluster_only` integer DEFAULT false NOT NULL;
--> statement-breakpoint
DROP TRIGGER `search_pending_issue_insert`;
--> statement-breakpoint
CREATE TRIGGER `search_pending_issue_insert` AFTER INSERT ON `issues` BEGIN
  INSERT INTO `search_pending` (`seq`, `issue_id`, `cluster_only`)
    VALUES ((SELECT coalesce(max(`seq`), 0) + 1 FROM `search_pending`), new.`id`, false)
    ON CONFLICT (`issue_id`) DO UPDATE SET `seq` = excluded.`seq`, `cluster_only` = false;
END;
--> statement-breakpoint
DROP TRIGGER `search_pending_issue_update`;
--> statement-breakpoint
CREATE TRIGGER `search_pending_issue_update` AFTER UPDATE ON `issues`
  WHEN (old.`cluster_id` IS NOT new.`cluster_id` AND (old.`cluster_id` IS NULL OR new.`cluster_id` IS NULL))
    OR old.`updated_at` IS NOT new.`updated_at` OR old.`primary_signature_id` IS NOT new.`primary_signature_id`
    OR old.`title` IS NOT new.`title` OR old.`body` IS NOT new.`body` OR old.`labels` IS NOT new.`labels`
    OR old.`state` IS NOT new.`state` OR old.`html_url` IS NOT new.`html_url`
    OR old.`is_pull_request` IS NOT new.`is_pull_request`
BEGIN
  INSERT INTO `search_pending` (`seq`, `issue_id`, `cluster_only`)
    VALUES ((SELECT coalesce(max(`seq`), 0) + 1 FROM `search_pending`), new.`id`, false)
    ON CONFLICT (`issue_id`) DO UPDATE SET `seq` = excluded.`seq`, `cluster_only` = false;
END;
--> statement-breakpoint
CREATE TRIGGER `search_pending_issue_cluster` AFTER UPDATE OF `cluster_id` ON `issues`
  WHEN old.`cluster_id` IS NOT NULL AND new.`cluster_id` IS NOT NULL AND old.`cluster_id` IS NOT new.`cluster_id`
    AND NOT (old.`updated_at` IS NOT new.`updated_at` OR old.`primary_signature_id` IS NOT new.`primary_signature_id`
    OR old.`title` IS NOT new.`title` OR old.`body` IS NOT new.`body` OR old.`labels` IS NOT new.`labels`
    OR old.`state` IS NOT new.`state` OR old.`html_url` IS NOT new.`html_url`
    OR old.`is_pull_request` IS NOT new.`is_pull_request`)
BEGIN
  INSERT INTO `search_pending` (`seq`, `issue_id`, `cluster_only`)
    VALUES ((SELECT coalesce(max(`seq`), 0) + 1 FROM `search_pending`), new.`id`, true)
    ON CONFLICT (`issue_id`) DO UPDATE SET `seq` = excluded.`seq`;
END;
--> statement-breakpoint
DROP TRIGGER `search_pending_issue_delete`;
--> statement-breakpoint
CREATE TRIGGER `search_pending_issue_delete` AFTER DELETE ON `issues` BEGIN
  INSERT INTO `search_pending` (`seq`, `issue_id`, `cluster_only`)
    VALUES ((SELECT coalesce(max(`seq`), 0) + 1 FROM `search_pending`), old.`id`, false)
    ON CONFLICT (`issue_id`) DO UPDATE SET `seq` = excluded.`seq`, `cluster_only` = false;
END;
--> statement-breakpoint
DROP TRIGGER `search_pending_comment_insert`;
--> statement-breakpoint
CREATE TRIGGER `search_pending_comment_insert` AFTER INSERT ON `comments` BEGIN
  INSERT INTO `search_pending` (`seq`, `issue_id`, `cluster_only`)
    SELECT (SELECT coalesce(max(`seq`), 0) + 1 FROM `search_pending`), `id`, false FROM `issues`
    WHERE `repo_key` = new.`repo_key` AND `number` = new.`issue_number`
    ON CONFLICT (`issue_id`) DO UPDATE SET `seq` = excluded.`seq`, `cluster_only` = false;
END;
--> statement-breakpoint
DROP TRIGGER `search_pending_comment_update`;
--> statement-breakpoint
CREATE TRIGGER `search_pending_comment_update` AFTER UPDATE ON `comments`
  WHEN old.`body` IS NOT new.`body` OR old.`updated_at` IS NOT new.`updated_at`
    OR old.`repo_key` IS NOT new.`repo_key` OR old.`issue_number` IS NOT new.`issue_number`
 BEGIN
  INSERT INTO `search_pending` (`seq`, `issue_id`, `cluster_only`)
    SELECT (SELECT coalesce(max(`seq`), 0) + 1 FROM `search_pending`), `id`, false FROM `issues`
    WHERE `repo_key` = new.`repo_key` AND `number` = new.`issue_number`
    ON CONFLICT (`issue_id`) DO UPDATE SET `seq` = excluded.`seq`, `cluster_only` = false;
END;
--> statement-breakpoint
DROP TRIGGER `search_pending_comment_delete`;
--> statement-breakpoint
CREATE TRIGGER `search_pending_comment_delete` AFTER DELETE ON `comments` BEGIN
  INSERT INTO `search_pending` (`seq`, `issue_id`, `cluster_only`)
    SELECT (SELECT coalesce(max(`seq`), 0) + 1 FROM `search_pending`), `id`, false FROM `issues`
    WHERE `repo_key` = old.`repo_key` AND `number` = old.`issue_number`
    ON CONFLICT (`issue_id`) DO UPDATE SET `seq` = excluded.`seq`, `cluster_only` = false;
END;
--> statement-breakpoint
DROP TRIGGER `search_pending_signature_insert`;
--> statement-breakpoint
CREATE TRIGGER `search_pending_signature_insert` AFTER INSERT ON `issue_signatures` BEGIN
  INSERT INTO `search_pending` (`seq`, `issue_id`, `cluster_only`)
    VALUES ((SELECT coalesce(max(`seq`), 0) + 1 FROM `search_pending`), new.`issue_id`, false)
    ON CONFLICT (`issue_id`) DO UPDATE SET `seq` = excluded.`seq`, `cluster_only` = false;
END;
--> statement-breakpoint
DROP TRIGGER `search_pending_signature_delete`;
--> statement-breakpoint
CREATE TRIGGER `search_pending_signature_delete` AFTER DELETE ON `issue_signatures` BEGIN
  INSERT INTO `search_pending` (`seq`, `issue_id`, `cluster_only`)
    VALUES ((SELECT coalesce(max(`seq`), 0) + 1 FROM `search_pending`), old.`issue_id`, false)
    ON CONFLICT (`issue_id`) DO UPDATE SET `seq` = excluded.`seq`, `cluster_only` = false;
END;
