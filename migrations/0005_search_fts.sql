-- Full text over search_docs' processed terms (external content: the text is stored once, in
-- search_docs). Terms are already tokenized and lower-cased by src/search/tokenizer.ts and joined
-- by spaces; the tokenizer below keeps each one whole (dotted, snake_case and kebab identifiers).
CREATE VIRTUAL TABLE `search_text` USING fts5(title, errors, body, content='search_docs', content_rowid='id', tokenize="unicode61 remove_diacritics 0 tokenchars '._-'");
--> statement-breakpoint
CREATE TRIGGER `search_docs_ai` AFTER INSERT ON `search_docs` BEGIN
  INSERT INTO search_text(rowid, title, errors, body) VALUES (new.id, new.title, new.errors, new.body);
END;
--> statement-breakpoint
CREATE TRIGGER `search_docs_ad` AFTER DELETE ON `search_docs` BEGIN
  INSERT INTO search_text(search_text, rowid, title, errors, body) VALUES ('delete', old.id, old.title, old.errors, old.body);
END;
--> statement-breakpoint
CREATE TRIGGER `search_docs_au` AFTER UPDATE OF title, errors, body ON `search_docs` BEGIN
  INSERT INTO search_text(search_text, rowid, title, errors, body) VALUES ('delete', old.id, old.title, old.errors, old.body);
  INSERT INTO search_text(rowid, title, errors, body) VALUES (new.id, new.title, new.errors, new.body);
END;
--> statement-breakpoint
-- The whole-index JSON chunks are replaced by search_docs; a first refresh fills it.
DELETE FROM `search_index`;
