-- A document rewritten with the same text (its cluster, signatures or metadata moved: a merge of two
-- families rewrites thousands) no longer re-indexes its full text. `AFTER UPDATE OF` fires whenever
-- the upsert names the column, changed or not, and an FTS5 'delete' re-tokenizes the old text; now
-- each field's table is touched only when that field's terms changed, and the lookup keys only when
-- what search_keys holds changed.
DROP TRIGGER `search_docs_au`;
--> statement-breakpoint
CREATE TRIGGER `search_docs_au_title` AFTER UPDATE OF title ON `search_docs` WHEN old.title IS NOT new.title BEGIN
  INSERT INTO search_title(search_title, rowid, title) VALUES ('delete', old.id, old.title);
  INSERT INTO search_title(rowid, title) VALUES (new.id, new.title);
END;
--> statement-breakpoint
CREATE TRIGGER `search_docs_au_errors` AFTER UPDATE OF errors ON `search_docs` WHEN old.errors IS NOT new.errors BEGIN
  INSERT INTO search_errors(search_errors, rowid, errors) VALUES ('delete', old.id, old.errors);
  INSERT INTO search_errors(rowid, errors) VALUES (new.id, new.errors);
END;
--> statement-breakpoint
CREATE TRIGGER `search_docs_au_body` AFTER UPDATE OF body ON `search_docs` WHEN old.body IS NOT new.body BEGIN
  INSERT INTO search_body(search_body, rowid, body) VALUES ('delete', old.id, old.body);
  INSERT INTO search_body(rowid, body) VALUES (new.id, new.body);
END;
--> statement-breakpoint
DROP TRIGGER `search_docs_keys_au`;
--> statement-breakpoint
CREATE TRIGGER `search_docs_keys_au` AFTER UPDATE OF keys, cluster_id, repo, number ON `search_docs`
  WHEN old.keys IS NOT new.keys OR old.cluster_id IS NOT new.cluster_id OR old.repo IS NOT new.repo
    OR old.number IS NOT new.number
BEGIN
  DELETE FROM search_keys WHERE rowid = old.id;
  INSERT INTO search_keys(rowid, keys, cluster_id, repo, number) SELECT new.id, new.keys, new.cluster_id, new.repo, new.number WHERE new.keys <> '';
END;
