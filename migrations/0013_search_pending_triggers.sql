-- Every change a search document is read from marks its issue pending (see `search_pending` in
-- src/db/schema.ts): the issue's own columns the document shows, its comments, its signature rows.
-- The upsert gives a re-marked issue a `seq` above every row present, so the search-index step,
-- which deletes the rows it read by (issue, seq), never drops a change that landed while it ran.
CREATE TRIGGER `search_pending_issue_insert` AFTER INSERT ON `issues` BEGIN
  INSERT INTO `search_pending` (`seq`, `issue_id`)
    VALUES ((SELECT coalesce(max(`seq`), 0) + 1 FROM `search_pending`), new.`id`)
    ON CONFLICT (`issue_id`) DO UPDATE SET `seq` = excluded.`seq`;
END;
--> statement-breakpoint
CREATE TRIGGER `search_pending_issue_update` AFTER UPDATE ON `issues`
  WHEN old.`updated_at` IS NOT new.`updated_at` OR old.`cluster_id` IS NOT new.`cluster_id`
    OR old.`primary_signature_id` IS NOT new.`primary_signature_id` OR old.`title` IS NOT new.`title`
    OR old.`body` IS NOT new.`body` OR old.`labels` IS NOT new.`labels` OR old.`state` IS NOT new.`state`
    OR old.`html_url` IS NOT new.`html_url` OR old.`is_pull_request` IS NOT new.`is_pull_request`
BEGIN
  INSERT INTO `search_pending` (`seq`, `issue_id`)
    VALUES ((SELECT coalesce(max(`seq`), 0) + 1 FROM `search_pending`), new.`id`)
    ON CONFLICT (`issue_id`) DO UPDATE SET `seq` = excluded.`seq`;
END;
--> statement-breakpoint
CREATE TRIGGER `search_pending_issue_delete` AFTER DELETE ON `issues` BEGIN
  INSERT INTO `search_pending` (`seq`, `issue_id`)
    VALUES ((SELECT coalesce(max(`seq`), 0) + 1 FROM `search_pending`), old.`id`)
    ON CONFLICT (`issue_id`) DO UPDATE SET `seq` = excluded.`seq`;
END;
--> statement-breakpoint
CREATE TRIGGER `search_pending_comment_insert` AFTER INSERT ON `comments` BEGIN
  INSERT INTO `search_pending` (`seq`, `issue_id`)
    SELECT (SELECT coalesce(max(`seq`), 0) + 1 FROM `search_pending`), `id` FROM `issues`
    WHERE `repo_key` = new.`repo_key` AND `number` = new.`issue_number`
    ON CONFLICT (`issue_id`) DO UPDATE SET `seq` = excluded.`seq`;
END;
--> statement-breakpoint
CREATE TRIGGER `search_pending_comment_update` AFTER UPDATE ON `comments`
  WHEN old.`body` IS NOT new.`body` OR old.`updated_at` IS NOT new.`updated_at`
    OR old.`repo_key` IS NOT new.`repo_key` OR old.`issue_number` IS NOT new.`issue_number`
BEGIN
  INSERT INTO `search_pending` (`seq`, `issue_id`)
    SELECT (SELECT coalesce(max(`seq`), 0) + 1 FROM `search_pending`), `id` FROM `issues`
    WHERE `repo_key` = new.`repo_key` AND `number` = new.`issue_number`
    ON CONFLICT (`issue_id`) DO UPDATE SET `seq` = excluded.`seq`;
END;
--> statement-breakpoint
CREATE TRIGGER `search_pending_comment_delete` AFTER DELETE ON `comments` BEGIN
  INSERT INTO `search_pending` (`seq`, `issue_id`)
    SELECT (SELECT coalesce(max(`seq`), 0) + 1 FROM `search_pending`), `id` FROM `issues`
    WHERE `repo_key` = old.`repo_key` AND `number` = old.`issue_number`
    ON CONFLICT (`issue_id`) DO UPDATE SET `seq` = excluded.`seq`;
END;
--> statement-breakpoint
CREATE TRIGGER `search_pending_signature_insert` AFTER INSERT ON `issue_signatures` BEGIN
  INSERT INTO `search_pending` (`seq`, `issue_id`)
    VALUES ((SELECT coalesce(max(`seq`), 0) + 1 FROM `search_pending`), new.`issue_id`)
    ON CONFLICT (`issue_id`) DO UPDATE SET `seq` = excluded.`seq`;
END;
--> statement-breakpoint
CREATE TRIGGER `search_pending_signature_delete` AFTER DELETE ON `issue_signatures` BEGIN
  INSERT INTO `search_pending` (`seq`, `issue_id`)
    VALUES ((SELECT coalesce(max(`seq`), 0) + 1 FROM `search_pending`), old.`issue_id`)
    ON CONFLICT (`issue_id`) DO UPDATE SET `seq` = excluded.`seq`;
END;
--> statement-breakpoint
-- What the index held before these triggers is checked once: every issue, and every document
-- whose issue is gone.
INSERT INTO `search_pending` (`issue_id`) SELECT `id` FROM `issues` ORDER BY `id`;
--> statement-breakpoint
INSERT INTO `search_pending` (`issue_id`)
  SELECT `issue_id` FROM `search_docs`
  WHERE `issue_id` IS NOT NULL AND `issue_id` NOT IN (SELECT `id` FROM `issues`)
  ON CONFLICT (`issue_id`) DO NOTHING;
