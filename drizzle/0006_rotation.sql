CREATE TYPE "public"."switch_mode" AS ENUM('routine', 'emergency');--> statement-breakpoint
ALTER TABLE "password_changes" ADD COLUMN "switch_mode" "switch_mode" DEFAULT 'routine' NOT NULL;--> statement-breakpoint
ALTER TABLE "password_changes" ADD COLUMN "grace_until" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "sip_credentials" ADD COLUMN "previous_ha1" text;--> statement-breakpoint
ALTER TABLE "sip_credentials" ADD COLUMN "previous_ha1b" text;--> statement-breakpoint
ALTER TABLE "sip_credentials" ADD COLUMN "previous_until" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "sip_credentials" ADD COLUMN "suspended_at" timestamp with time zone;--> statement-breakpoint
-- What the registrar (deploy/kamailio/kamailio.cfg) reads, each in auth_db's subscriber shape (version 7): the
-- credentials in force (a line an emergency change has cut off is left out until its reflection), and the previous
-- ones during their grace only. The grace ends by itself: the view compares with the clock, no job has to run.
CREATE VIEW "sip_credentials_in_force" AS
  SELECT "username", "domain", "ha1", "ha1b" FROM "sip_credentials" WHERE "suspended_at" IS NULL;--> statement-breakpoint
CREATE VIEW "sip_previous_credentials" AS
  SELECT "username", "domain", "previous_ha1" AS "ha1", "previous_ha1b" AS "ha1b" FROM "sip_credentials"
  WHERE "suspended_at" IS NULL AND "previous_ha1" IS NOT NULL AND "previous_until" > pg_catalog.now();--> statement-breakpoint
-- The numbers that are ours (a call to one is looked up, never sent to the carrier): numbers only, nothing of the customer.
CREATE VIEW "sip_numbers" AS SELECT "number" FROM "ip_phone_lines";--> statement-breakpoint
INSERT INTO "version" ("table_name", "table_version") VALUES ('sip_credentials_in_force', 7), ('sip_previous_credentials', 7);--> statement-breakpoint
-- A device registered with the current password: the previous one stops now for this line, and the registrations
-- made with it (branch flag 1 of the registrar, cflags bit 2) are removed. The registrar's only write outside
-- location; it can end a grace, never start or lengthen one.
CREATE FUNCTION "sip_end_grace"(p_username text, p_domain text) RETURNS integer
  LANGUAGE sql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
  WITH ended AS (
    UPDATE public.sip_credentials SET previous_until = pg_catalog.now()
    WHERE username = p_username AND domain = p_domain AND previous_until > pg_catalog.now()
    RETURNING 1
  ), forgotten AS (
    DELETE FROM public.location WHERE username = p_username AND domain = p_domain AND (cflags & 2) <> 0
    RETURNING 1
  )
  SELECT (SELECT count(*) FROM ended)::integer
$$;--> statement-breakpoint
-- Registrations made with a previous password whose grace is over: removed before a call to the line is routed
-- (so none of them receives it), and by the portal's cleanup.
CREATE FUNCTION "sip_forget_stale_registrations"(p_username text, p_domain text) RETURNS integer
  LANGUAGE sql SET search_path = pg_catalog, pg_temp AS $$
  WITH forgotten AS (
    DELETE FROM public.location l
    WHERE l.username = p_username AND l.domain = p_domain AND (l.cflags & 2) <> 0
      AND NOT EXISTS (SELECT 1 FROM public.sip_previous_credentials p WHERE p.username = p_username AND p.domain = p_domain)
    RETURNING 1
  )
  SELECT count(*)::integer FROM forgotten
$$;--> statement-breakpoint
REVOKE ALL ON FUNCTION "sip_end_grace"(text, text) FROM PUBLIC;--> statement-breakpoint
REVOKE ALL ON FUNCTION "sip_forget_stale_registrations"(text, text) FROM PUBLIC;
