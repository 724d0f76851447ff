-- A cluster's members with their stored assignment from one index (src/db/schema.ts): a local
-- relink reads whole families through it, side by side, instead of one wide row per member.
DROP INDEX `issues_cluster`;--> statement-breakpoint
CREATE INDEX `issues_cluster_cover` ON `issues` (`cluster_id`,`id`,`repo`,`number`,`primary_signature_id`,`cluster_ties`);