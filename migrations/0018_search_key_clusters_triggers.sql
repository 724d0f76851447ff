-- Per (lookup key, cluster), the documents carrying the key (see `search_key_clusters` in
-- src/db/schema.ts), kept by search_docs' own writes, so no writer can forget it: a document counts
-- under its cluster while it has keys and a cluster, the documents `search_keys` holds. Keys are
-- letters, digits and `_` (src/search/keys.ts), so quoting turns a space-separated list into a JSON
-- array for json_each (a trigger cannot hold the recursive CTE a split would need). An update
-- counts the new keys before it uncounts the old ones, so a key the document keeps is never deleted
-- and inserted again; a row goes when its count reaches 0.
CREATE TRIGGER `search_key_clusters_insert` AFTER INSERT ON `search_docs`
  WHEN new.`keys` <> '' AND new.`cluster_id` IS NOT NULL
BEGIN
  INSERT INTO `search_key_clusters` (`key`, `cluster_id`, `n`)
    SELECT DISTINCT k.`value`, new.`cluster_id`, 1
    FROM json_each('["' || replace(new.`keys`, ' ', '","') || '"]') AS k WHERE k.`value` <> ''
    ON CONFLICT (`key`, `cluster_id`) DO UPDATE SET `n` = `n` + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `search_key_clusters_delete` AFTER DELETE ON `search_docs`
  WHEN old.`keys` <> '' AND old.`cluster_id` IS NOT NULL
BEGIN
  UPDATE `search_key_clusters` SET `n` = `n` - 1
    WHERE `cluster_id` = old.`cluster_id`
      AND `key` IN (SELECT `value` FROM json_each('["' || replace(old.`keys`, ' ', '","') || '"]'));
  DELETE FROM `search_key_clusters`
    WHERE `cluster_id` = old.`cluster_id` AND `n` <= 0
      AND `key` IN (SELECT `value` FROM json_each('["' || replace(old.`keys`, ' ', '","') || '"]'));
END;
--> statement-breakpoint
CREATE TRIGGER `search_key_clusters_update` AFTER UPDATE OF `keys`, `cluster_id` ON `search_docs`
  WHEN old.`keys` IS NOT new.`keys` OR old.`cluster_id` IS NOT new.`cluster_id`
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
--> statement-breakpoint
-- The documents indexed before these triggers, counted once.
INSERT INTO `search_key_clusters` (`key`, `cluster_id`, `n`)
  SELECT k.`value`, d.`cluster_id`, count(DISTINCT d.`id`)
  FROM `search_docs` AS d, json_each('["' || replace(d.`keys`, ' ', '","') || '"]') AS k
  WHERE d.`keys` <> '' AND d.`cluster_id` IS NOT NULL AND k.`value` <> ''
  GROUP BY k.`value`, d.`cluster_id`;
