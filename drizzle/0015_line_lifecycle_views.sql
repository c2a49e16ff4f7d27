-- Only an active line is in the registrar's views (docs/provisioning.md, "Line lifecycle"): suspending or ending a
-- line takes its credentials out at once, and resuming puts them back, without touching its hashes.
CREATE OR REPLACE VIEW "sip_line_credentials" AS
  SELECT "username", "domain",
    CASE WHEN "suspended_at" IS NULL THEN "ha1" END AS "ha1",
    CASE WHEN "suspended_at" IS NULL THEN "ha1b" END AS "ha1b",
    CASE WHEN "suspended_at" IS NULL AND "previous_until" > pg_catalog.now() THEN "previous_ha1" END AS "previous_ha1",
    CASE WHEN "suspended_at" IS NULL AND "previous_until" > pg_catalog.now() THEN "previous_ha1b" END AS "previous_ha1b",
    CASE WHEN "suspended_at" IS NOT NULL THEN "ha1"
      WHEN "previous_until" <= pg_catalog.now() THEN "previous_ha1" END AS "retired_ha1",
    CASE WHEN "suspended_at" IS NOT NULL THEN "ha1b"
      WHEN "previous_until" <= pg_catalog.now() THEN "previous_ha1b" END AS "retired_ha1b",
    "pending_ha1" AS "early_ha1", "pending_ha1b" AS "early_ha1b"
  FROM "sip_credentials"
  WHERE EXISTS (SELECT 1 FROM "ip_phone_lines" WHERE "number" = "username" AND "status" = 'active');
--> statement-breakpoint
CREATE OR REPLACE VIEW "sip_credentials_in_force" AS
  SELECT "username", "domain", "ha1", "ha1b" FROM "sip_credentials" WHERE "suspended_at" IS NULL
    AND EXISTS (SELECT 1 FROM "ip_phone_lines" WHERE "number" = "username" AND "status" = 'active');
--> statement-breakpoint
CREATE OR REPLACE VIEW "sip_previous_credentials" AS
  SELECT "username", "domain", "previous_ha1" AS "ha1", "previous_ha1b" AS "ha1b" FROM "sip_credentials"
  WHERE "suspended_at" IS NULL AND "previous_ha1" IS NOT NULL AND "previous_until" > pg_catalog.now()
    AND EXISTS (SELECT 1 FROM "ip_phone_lines" WHERE "number" = "username" AND "status" = 'active');
--> statement-breakpoint
-- A terminated line keeps its number beside a later owner's line: each number once.
CREATE OR REPLACE VIEW "sip_numbers" AS SELECT DISTINCT "number" FROM "ip_phone_lines";
