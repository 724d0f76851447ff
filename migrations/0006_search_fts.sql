-- Full text over search_docs' processed terms: one FTS5 table per field, so bm25 normalises each
-- field by its own length (a title match is not drowned by a long thread), as the MiniSearch index
-- did. External content: the text is stored once, in search_docs. Terms are already tokenized and
-- lower-cased by src/search/tokenizer.ts and joined by spaces; the tokenizer keeps each one whole.
CREATE VIRTUAL TABLE `search_title` USING fts5(title, content='search_docs', content_rowid='id', tokenize="unicode61 remove_diacritics 0 tokenchars '._-'");
--> statement-breakpoint
CREATE VIRTUAL TABLE `search_errors` USING fts5(errors, content='search_docs', content_rowid='id', tokenize="unicode61 remove_diacritics 0 tokenchars '._-'");
--> statement-breakpoint
CREATE VIRTUAL TABLE `search_body` USING fts5(body, content='search_docs', content_rowid='id', tokenize="unicode61 remove_diacritics 0 tokenchars '._-'");
--> statement-breakpoint
CREATE TRIGGER `search_docs_ai` AFTER INSERT ON `search_docs` BEGIN
  INSERT INTO search_title(rowid, title) VALUES (new.id, new.title);
  INSERT INTO search_errors(rowid, errors) VALUES (new.id, new.errors);
  INSERT INTO search_body(rowid, body) VALUES (new.id, new.body);
END;
--> statement-breakpoint
CREATE TRIGGER `search_docs_ad` AFTER DELETE ON `search_docs` BEGIN
  INSERT INTO search_title(search_title, rowid, title) VALUES ('delete', old.id, old.title);
  INSERT INTO search_errors(search_errors, rowid, errors) VALUES ('delete', old.id, old.errors);
  INSERT INTO search_body(search_body, rowid, body) VALUES ('delete', old.id, old.body);
END;
--> statement-breakpoint
CREATE TRIGGER `search_docs_au` AFTER UPDATE OF title, errors, body ON `search_docs` BEGIN
  INSERT INTO search_title(search_title, rowid, title) VALUES ('delete', old.id, old.title);
  INSERT INTO search_errors(search_errors, rowid, errors) VALUES ('delete', old.id, old.errors);
  INSERT INTO search_body(search_body, rowid, body) VALUES ('delete', old.id, old.body);
  INSERT INTO search_title(rowid, title) VALUES (new.id, new.title);
  INSERT INTO search_errors(rowid, errors) VALUES (new.id, new.errors);
  INSERT INTO search_body(rowid, body) VALUES (new.id, new.body);
END;
--> statement-breakpoint
-- The whole-index JSON chunks are replaced by search_docs; a first refresh fills it.
DELETE FROM `search_index`;
