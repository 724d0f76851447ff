-- Per-query lookups (src/search/lookups.ts): what a search looks a clustered issue up by (its
-- features, whole lines and signatures, as hashed keys in search_docs.keys) and the known templates'
-- words and positions (search_templates.keys) are indexed by FTS5, as full text is: a search reads
-- the postings of its own keys, never the corpus.
-- search_keys keeps its own narrow copy of each clustered issue's cluster, repo and number (not
-- external content): a posting is then resolved without reading search_docs' wide row, whose
-- thread text would be read through to reach the columns after it.
CREATE VIRTUAL TABLE `search_keys` USING fts5(keys, cluster_id UNINDEXED, repo UNINDEXED, number UNINDEXED, tokenize="unicode61 tokenchars '_'");
--> statement-breakpoint
CREATE VIRTUAL TABLE `search_template_keys` USING fts5(keys, content='search_templates', content_rowid='id', tokenize="unicode61 tokenchars '_'");
--> statement-breakpoint
CREATE TRIGGER `search_docs_keys_ai` AFTER INSERT ON `search_docs` WHEN new.keys <> '' BEGIN
  INSERT INTO search_keys(rowid, keys, cluster_id, repo, number) VALUES (new.id, new.keys, new.cluster_id, new.repo, new.number);
END;
--> statement-breakpoint
CREATE TRIGGER `search_docs_keys_ad` AFTER DELETE ON `search_docs` BEGIN
  DELETE FROM search_keys WHERE rowid = old.id;
END;
--> statement-breakpoint
CREATE TRIGGER `search_docs_keys_au` AFTER UPDATE OF keys, cluster_id, repo, number ON `search_docs` BEGIN
  DELETE FROM search_keys WHERE rowid = old.id;
  INSERT INTO search_keys(rowid, keys, cluster_id, repo, number) SELECT new.id, new.keys, new.cluster_id, new.repo, new.number WHERE new.keys <> '';
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
