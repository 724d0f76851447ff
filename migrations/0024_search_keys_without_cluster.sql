-- A document that moves to another cluster (a merge of two families moves thousands) no longer
-- rewrites its search_keys row: the cluster a carrier is looked up in is read from search_docs'
-- (cluster_id, repo, number) index (src/db/queries/search-lookups.ts), whose entries carry the
-- document id, so the row is only rewritten when its keys, repo or number change. search_keys'
-- cluster_id column is no longer read: rows written from here on leave it NULL, older rows keep
-- the value they were written with.
DROP TRIGGER `search_docs_keys_ai`;
--> statement-breakpoint
CREATE TRIGGER `search_docs_keys_ai` AFTER INSERT ON `search_docs` WHEN new.keys <> '' BEGIN
  INSERT INTO search_keys(rowid, keys, cluster_id, repo, number) VALUES (new.id, new.keys, NULL, new.repo, new.number);
END;
--> statement-breakpoint
DROP TRIGGER `search_docs_keys_au`;
--> statement-breakpoint
CREATE TRIGGER `search_docs_keys_au` AFTER UPDATE OF keys, repo, number ON `search_docs`
  WHEN old.keys IS NOT new.keys OR old.repo IS NOT new.repo OR old.number IS NOT new.number
BEGIN
  DELETE FROM search_keys WHERE rowid = old.id;
  INSERT INTO search_keys(rowid, keys, cluster_id, repo, number) SELECT new.id, new.keys, NULL, new.repo, new.number WHERE new.keys <> '';
END;
