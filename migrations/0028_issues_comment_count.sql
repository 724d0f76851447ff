-- Each issue's comment count, kept by triggers on `comments` (a comment stored before its issue is
-- counted when the issue arrives), and the review queue's member columns in `issues_cluster_cover`:
-- scoring a family reads its members side by side from the index, with no count per member from
-- `comments_issue` (4.4k random probes, 0.3 s at 100k with the page cache empty).
DROP INDEX `issues_cluster_cover`;--> statement-breakpoint
ALTER TABLE `issues` ADD `comment_count` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
UPDATE `issues` SET `comment_count` = (
  SELECT count(*) FROM `comments` c WHERE c.`repo_key` = `issues`.`repo_key` AND c.`issue_number` = `issues`.`number`
);--> statement-breakpoint
CREATE TRIGGER `issues_comment_count_issue_insert` AFTER INSERT ON `issues` BEGIN
  UPDATE `issues` SET `comment_count` = (
    SELECT count(*) FROM `comments` c WHERE c.`repo_key` = new.`repo_key` AND c.`issue_number` = new.`number`
  ) WHERE `id` = new.`id`;
END;
--> statement-breakpoint
CREATE TRIGGER `issues_comment_count_issue_move` AFTER UPDATE OF `repo_key`, `number` ON `issues`
  WHEN old.`repo_key` IS NOT new.`repo_key` OR old.`number` IS NOT new.`number`
BEGIN
  UPDATE `issues` SET `comment_count` = (
    SELECT count(*) FROM `comments` c WHERE c.`repo_key` = new.`repo_key` AND c.`issue_number` = new.`number`
  ) WHERE `id` = new.`id`;
END;
--> statement-breakpoint
CREATE TRIGGER `issues_comment_count_comment_insert` AFTER INSERT ON `comments` BEGIN
  UPDATE `issues` SET `comment_count` = `comment_count` + 1
    WHERE `repo_key` = new.`repo_key` AND `number` = new.`issue_number`;
END;
--> statement-breakpoint
CREATE TRIGGER `issues_comment_count_comment_delete` AFTER DELETE ON `comments` BEGIN
  UPDATE `issues` SET `comment_count` = `comment_count` - 1
    WHERE `repo_key` = old.`repo_key` AND `number` = old.`issue_number`;
END;
--> statement-breakpoint
CREATE TRIGGER `issues_comment_count_comment_move` AFTER UPDATE OF `repo_key`, `issue_number` ON `comments`
  WHEN old.`repo_key` IS NOT new.`repo_key` OR old.`issue_number` IS NOT new.`issue_number`
BEGIN
  UPDATE `issues` SET `comment_count` = `comment_count` - 1
    WHERE `repo_key` = old.`repo_key` AND `number` = old.`issue_number`;
  UPDATE `issues` SET `comment_count` = `comment_count` + 1
    WHERE `repo_key` = new.`repo_key` AND `number` = new.`issue_number`;
END;
--> statement-breakpoint
CREATE INDEX `issues_cluster_cover` ON `issues` (`cluster_id`,`id`,`repo`,`number`,`primary_signature_id`,`cluster_ties`,`repo_key`,`labels`,`author`,`created_at`,`state`,`state_reason`,`reactions`,`comment_count`);
