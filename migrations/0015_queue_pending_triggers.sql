-- A cluster's queue item reads its cluster row, its members' stats (see `listClusteredIssueStats`)
-- and their comment counts, its entry (id, title, state) and its curation (ignored, snoozed): any
-- change to those marks the cluster in `queue_pending` (both clusters when an issue or an entry
-- moves). The upsert gives a re-marked cluster a `seq` above every row present, so the re-score,
-- which deletes the rows it read by `seq`, never drops a change that landed while it ran.
CREATE TRIGGER `queue_pending_issue_insert` AFTER INSERT ON `issues` BEGIN
  INSERT INTO `queue_pending` (`seq`, `cluster_id`)
    SELECT (SELECT coalesce(max(`seq`), 0) + 1 FROM `queue_pending`), new.`cluster_id` WHERE new.`cluster_id` IS NOT NULL
    ON CONFLICT (`cluster_id`) DO UPDATE SET `seq` = excluded.`seq`;
END;
--> statement-breakpoint
CREATE TRIGGER `queue_pending_issue_update` AFTER UPDATE ON `issues`
  WHEN old.`cluster_id` IS NOT new.`cluster_id`
    OR old.`repo` IS NOT new.`repo`
    OR old.`repo_key` IS NOT new.`repo_key`
    OR old.`number` IS NOT new.`number`
    OR old.`labels` IS NOT new.`labels`
    OR old.`author` IS NOT new.`author`
    OR old.`created_at` IS NOT new.`created_at`
    OR old.`state` IS NOT new.`state`
    OR old.`state_reason` IS NOT new.`state_reason`
    OR old.`reactions` IS NOT new.`reactions`
BEGIN
  INSERT INTO `queue_pending` (`seq`, `cluster_id`)
    SELECT (SELECT coalesce(max(`seq`), 0) + 1 FROM `queue_pending`), old.`cluster_id` WHERE old.`cluster_id` IS NOT NULL
    ON CONFLICT (`cluster_id`) DO UPDATE SET `seq` = excluded.`seq`;
  INSERT INTO `queue_pending` (`seq`, `cluster_id`)
    SELECT (SELECT coalesce(max(`seq`), 0) + 1 FROM `queue_pending`), new.`cluster_id` WHERE new.`cluster_id` IS NOT NULL
    ON CONFLICT (`cluster_id`) DO UPDATE SET `seq` = excluded.`seq`;
END;
--> statement-breakpoint
CREATE TRIGGER `queue_pending_issue_delete` AFTER DELETE ON `issues` BEGIN
  INSERT INTO `queue_pending` (`seq`, `cluster_id`)
    SELECT (SELECT coalesce(max(`seq`), 0) + 1 FROM `queue_pending`), old.`cluster_id` WHERE old.`cluster_id` IS NOT NULL
    ON CONFLICT (`cluster_id`) DO UPDATE SET `seq` = excluded.`seq`;
END;
--> statement-breakpoint
CREATE TRIGGER `queue_pending_comment_insert` AFTER INSERT ON `comments` BEGIN
  INSERT INTO `queue_pending` (`seq`, `cluster_id`)
    SELECT (SELECT coalesce(max(`seq`), 0) + 1 FROM `queue_pending`), `cluster_id` FROM `issues`
    WHERE `repo_key` = new.`repo_key` AND `number` = new.`issue_number` AND `cluster_id` IS NOT NULL
    ON CONFLICT (`cluster_id`) DO UPDATE SET `seq` = excluded.`seq`;
END;
--> statement-breakpoint
CREATE TRIGGER `queue_pending_comment_delete` AFTER DELETE ON `comments` BEGIN
  INSERT INTO `queue_pending` (`seq`, `cluster_id`)
    SELECT (SELECT coalesce(max(`seq`), 0) + 1 FROM `queue_pending`), `cluster_id` FROM `issues`
    WHERE `repo_key` = old.`repo_key` AND `number` = old.`issue_number` AND `cluster_id` IS NOT NULL
    ON CONFLICT (`cluster_id`) DO UPDATE SET `seq` = excluded.`seq`;
END;
--> statement-breakpoint
CREATE TRIGGER `queue_pending_comment_move` AFTER UPDATE ON `comments`
  WHEN old.`repo_key` IS NOT new.`repo_key` OR old.`issue_number` IS NOT new.`issue_number`
BEGIN
  INSERT INTO `queue_pending` (`seq`, `cluster_id`)
    SELECT (SELECT coalesce(max(`seq`), 0) + 1 FROM `queue_pending`), `cluster_id` FROM `issues`
    WHERE `repo_key` = old.`repo_key` AND `number` = old.`issue_number` AND `cluster_id` IS NOT NULL
    ON CONFLICT (`cluster_id`) DO UPDATE SET `seq` = excluded.`seq`;
  INSERT INTO `queue_pending` (`seq`, `cluster_id`)
    SELECT (SELECT coalesce(max(`seq`), 0) + 1 FROM `queue_pending`), `cluster_id` FROM `issues`
    WHERE `repo_key` = new.`repo_key` AND `number` = new.`issue_number` AND `cluster_id` IS NOT NULL
    ON CONFLICT (`cluster_id`) DO UPDATE SET `seq` = excluded.`seq`;
END;
--> statement-breakpoint
CREATE TRIGGER `queue_pending_cluster_insert` AFTER INSERT ON `clusters` BEGIN
  INSERT INTO `queue_pending` (`seq`, `cluster_id`)
    SELECT (SELECT coalesce(max(`seq`), 0) + 1 FROM `queue_pending`), new.`id` WHERE new.`id` IS NOT NULL
    ON CONFLICT (`cluster_id`) DO UPDATE SET `seq` = excluded.`seq`;
END;
--> statement-breakpoint
CREATE TRIGGER `queue_pending_cluster_update` AFTER UPDATE ON `clusters`
  WHEN old.`template` IS NOT new.`template` OR old.`signature_ids` IS NOT new.`signature_ids`
    OR old.`state` IS NOT new.`state` OR old.`id` IS NOT new.`id`
BEGIN
  INSERT INTO `queue_pending` (`seq`, `cluster_id`)
    SELECT (SELECT coalesce(max(`seq`), 0) + 1 FROM `queue_pending`), old.`id` WHERE old.`id` IS NOT NULL
    ON CONFLICT (`cluster_id`) DO UPDATE SET `seq` = excluded.`seq`;
  INSERT INTO `queue_pending` (`seq`, `cluster_id`)
    SELECT (SELECT coalesce(max(`seq`), 0) + 1 FROM `queue_pending`), new.`id` WHERE new.`id` IS NOT NULL
    ON CONFLICT (`cluster_id`) DO UPDATE SET `seq` = excluded.`seq`;
END;
--> statement-breakpoint
CREATE TRIGGER `queue_pending_cluster_delete` AFTER DELETE ON `clusters` BEGIN
  INSERT INTO `queue_pending` (`seq`, `cluster_id`)
    SELECT (SELECT coalesce(max(`seq`), 0) + 1 FROM `queue_pending`), old.`id` WHERE old.`id` IS NOT NULL
    ON CONFLICT (`cluster_id`) DO UPDATE SET `seq` = excluded.`seq`;
END;
--> statement-breakpoint
CREATE TRIGGER `queue_pending_entry_insert` AFTER INSERT ON `entries` BEGIN
  INSERT INTO `queue_pending` (`seq`, `cluster_id`)
    SELECT (SELECT coalesce(max(`seq`), 0) + 1 FROM `queue_pending`), new.`cluster_id` WHERE new.`cluster_id` IS NOT NULL
    ON CONFLICT (`cluster_id`) DO UPDATE SET `seq` = excluded.`seq`;
END;
--> statement-breakpoint
CREATE TRIGGER `queue_pending_entry_update` AFTER UPDATE ON `entries`
  WHEN old.`cluster_id` IS NOT new.`cluster_id` OR old.`state` IS NOT new.`state`
    OR old.`title` IS NOT new.`title` OR old.`id` IS NOT new.`id`
BEGIN
  INSERT INTO `queue_pending` (`seq`, `cluster_id`)
    SELECT (SELECT coalesce(max(`seq`), 0) + 1 FROM `queue_pending`), old.`cluster_id` WHERE old.`cluster_id` IS NOT NULL
    ON CONFLICT (`cluster_id`) DO UPDATE SET `seq` = excluded.`seq`;
  INSERT INTO `queue_pending` (`seq`, `cluster_id`)
    SELECT (SELECT coalesce(max(`seq`), 0) + 1 FROM `queue_pending`), new.`cluster_id` WHERE new.`cluster_id` IS NOT NULL
    ON CONFLICT (`cluster_id`) DO UPDATE SET `seq` = excluded.`seq`;
END;
--> statement-breakpoint
CREATE TRIGGER `queue_pending_entry_delete` AFTER DELETE ON `entries` BEGIN
  INSERT INTO `queue_pending` (`seq`, `cluster_id`)
    SELECT (SELECT coalesce(max(`seq`), 0) + 1 FROM `queue_pending`), old.`cluster_id` WHERE old.`cluster_id` IS NOT NULL
    ON CONFLICT (`cluster_id`) DO UPDATE SET `seq` = excluded.`seq`;
END;
--> statement-breakpoint
CREATE TRIGGER `queue_pending_curation_insert` AFTER INSERT ON `cluster_curation` BEGIN
  INSERT INTO `queue_pending` (`seq`, `cluster_id`)
    SELECT (SELECT coalesce(max(`seq`), 0) + 1 FROM `queue_pending`), new.`cluster_id` WHERE new.`cluster_id` IS NOT NULL
    ON CONFLICT (`cluster_id`) DO UPDATE SET `seq` = excluded.`seq`;
END;
--> statement-breakpoint
CREATE TRIGGER `queue_pending_curation_update` AFTER UPDATE ON `cluster_curation` BEGIN
  INSERT INTO `queue_pending` (`seq`, `cluster_id`)
    SELECT (SELECT coalesce(max(`seq`), 0) + 1 FROM `queue_pending`), old.`cluster_id` WHERE old.`cluster_id` IS NOT NULL
    ON CONFLICT (`cluster_id`) DO UPDATE SET `seq` = excluded.`seq`;
  INSERT INTO `queue_pending` (`seq`, `cluster_id`)
    SELECT (SELECT coalesce(max(`seq`), 0) + 1 FROM `queue_pending`), new.`cluster_id` WHERE new.`cluster_id` IS NOT NULL
    ON CONFLICT (`cluster_id`) DO UPDATE SET `seq` = excluded.`seq`;
END;
--> statement-breakpoint
CREATE TRIGGER `queue_pending_curation_delete` AFTER DELETE ON `cluster_curation` BEGIN
  INSERT INTO `queue_pending` (`seq`, `cluster_id`)
    SELECT (SELECT coalesce(max(`seq`), 0) + 1 FROM `queue_pending`), old.`cluster_id` WHERE old.`cluster_id` IS NOT NULL
    ON CONFLICT (`cluster_id`) DO UPDATE SET `seq` = excluded.`seq`;
END;
