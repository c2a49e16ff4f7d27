ALTER TYPE "public"."sip_auth_failure_class" ADD VALUE 'early' BEFORE 'wrong';--> statement-breakpoint
ALTER TABLE "sip_credentials" ADD COLUMN "pending_ha1" text;--> statement-breakpoint
ALTER TABLE "sip_credentials" ADD COLUMN "pending_ha1b" text;--> statement-breakpoint
-- The password of a change not yet reflected, for telling the customer's device set up too early from a stranger:
-- the registrar checks a failed digest against it (class `early`, never banned) and never accepts it.
CREATE VIEW "sip_early_credentials" AS
  SELECT "username", "domain", "pending_ha1" AS "ha1", "pending_ha1b" AS "ha1b" FROM "sip_credentials"
  WHERE "pending_ha1" IS NOT NULL;--> statement-breakpoint
INSERT INTO "version" ("table_name", "table_version") VALUES ('sip_early_credentials', 7);
