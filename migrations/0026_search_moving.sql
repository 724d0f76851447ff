-- A cluster move of many documents (a merge of two families moves thousands; see
-- moveSearchDocsClusterStatements in src/db/queries/search-moves.ts) counts their keys in
-- `search_key_clusters` once per (key, cluster), set by set; the per-document trigger skips the
-- documents listed in `search_moving` for that batch (it decremented and incremented each of a
-- document's keys one by one: 0.14 ms a document, 600 ms for a family of 4.4k at 100k issues).
CREATE TABLE `search_moving` (
	`id` integer PRIMARY KEY NOT NULL
);
--> statement-breakpoint
DROP TRIGGER `search_key_clusters_update`;
--> statement-breakpoint
CREATE TRIGGER `search_key_clusters_update` AFTER UPDATE OF `keys`, `cluster_id` ON `search_docs`
  WHEN (old.`keys` IS NOT new.`keys` OR old.`cluster_id` IS NOT new.`cluster_id`)
    AND NOT EXISTS (SELECT 1 FROM `search_moving` WHERE `id` = new.`id`)
BEGIN
  INSERT INTO `search_key_clusters` (`key`, `cluster_id`, `n`)
    SELECT DISTINCT k.`value`, new.`cluster_id`, 1
    FROM json_each('["' || replace(new.`keys`, ' ', '","') || '"]') AS k
    WHERE k.`value` <> '' AND new.`cluster_id` IS NOT NULL
    ON CONFLICT (`key`, `cluster_id`) DO UPDATE SET `n` = `n` + 1;
  UPDATE `search_key_clusters` SET `n` = `n` - 1
    WHERE `cluster_id` = old.`cluster_id`
      AND `key` IN (SELECT `value` FROM json_each('["' || replace(old.`keys`, ' ', '","') || '"]'));
  DELETE FROM `search_key_clusters`
    WHERE `cluster_id` = old.`cluster_id` AND `n` <= 0
      AND `key` IN (SELECT `value` FROM json_each('["' || replace(old.`keys`, ' ', '","') || '"]'));
END;
