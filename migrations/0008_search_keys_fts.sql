-- Per-query lookups (src/search/lookups.ts): what a search looks a clustered issue up by (its
-- features, whole lines and signatures, as hashed keys in search_docs.keys) and the known templates'
-- words and positions (search_templates.keys) are indexed by FTS5, as full text is: a search reads
-- the postings of its own keys, never the corpus. External content, kept in step by triggers.
CREATE VIRTUAL TABLE `search_keys` USING fts5(keys, content='search_docs', content_rowid='id', tokenize="unicode61 tokenchars '_'");
--> statement-breakpoint
CREATE VIRTUAL TABLE `search_template_keys` USING fts5(keys, content='search_templates', content_rowid='id', tokenize="unicode61 tokenchars '_'");
--> statement-breakpoint
DROP TRIGGER `search_docs_ai`;
--> statement-breakpoint
DROP TRIGGER `search_docs_ad`;
--> statement-breakpoint
DROP TRIGGER `search_docs_au`;
--> statement-breakpoint
CREATE TRIGGER `search_docs_ai` AFTER INSERT ON `search_docs` BEGIN
  INSERT INTO search_title(rowid, title) VALUES (new.id, new.title);
  INSERT INTO search_errors(rowid, errors) VALUES (new.id, new.errors);
  INSERT INTO search_body(rowid, body) VALUES (new.id, new.body);
  INSERT INTO search_keys(rowid, keys) VALUES (new.id, new.keys);
END;
--> statement-breakpoint
CREATE TRIGGER `search_docs_ad` AFTER DELETE ON `search_docs` BEGIN
  INSERT INTO search_title(search_title, rowid, title) VALUES ('delete', old.id, old.title);
  INSERT INTO search_errors(search_errors, rowid, errors) VALUES ('delete', old.id, old.errors);
  INSERT INTO search_body(search_body, rowid, body) VALUES ('delete', old.id, old.body);
  INSERT INTO search_keys(search_keys, rowid, keys) VALUES ('delete', old.id, old.keys);
END;
--> statement-breakpoint
CREATE TRIGGER `search_docs_au` AFTER UPDATE OF title, errors, body, keys ON `search_docs` BEGIN
  INSERT INTO search_title(search_title, rowid, title) VALUES ('delete', old.id, old.title);
  INSERT INTO search_errors(search_errors, rowid, errors) VALUES ('delete', old.id, old.errors);
  INSERT INTO search_body(search_body, rowid, body) VALUES ('delete', old.id, old.body);
  INSERT INTO search_keys(search_keys, rowid, keys) VALUES ('delete', old.id, old.keys);
  INSERT INTO search_title(rowid, title) VALUES (new.id, new.title);
  INSERT INTO search_errors(rowid, errors) VALUES (new.id, new.errors);
  INSERT INTO search_body(rowid, body) VALUES (new.id, new.body);
  INSERT INTO search_keys(rowid, keys) VALUES (new.id, new.keys);
END;
--> statement-breakpoint
CREATE TRIGGER `search_templates_ai` AFTER INSERT ON `search_templates` BEGIN
  INSERT INTO search_template_keys(rowid, keys) VALUES (new.id, new.keys);
END;
--> statement-breakpoint
CREATE TRIGGER `search_templates_ad` AFTER DELETE ON `search_templates` BEGIN
  INSERT INTO search_template_keys(search_template_keys, rowid, keys) VALUES ('delete', old.id, old.keys);
END;
--> statement-breakpoint
-- Rows written before this migration have no keys: every document is rewritten by the next refresh,
-- and until it completes there is no version, so the first search builds the index first.
UPDATE `search_docs` SET `fingerprint` = '';
--> statement-breakpoint
DELETE FROM `search_index`;
