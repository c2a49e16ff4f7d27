CREATE TYPE "public"."international_off_reason" AS ENUM('customer', 'operator', 'inactivity', 'burst');--> statement-breakpoint
CREATE TABLE "acc" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"method" varchar(16) DEFAULT '' NOT NULL,
	"from_tag" varchar(128) DEFAULT '' NOT NULL,
	"to_tag" text DEFAULT '' NOT NULL,
	"callid" varchar(255) DEFAULT '' NOT NULL,
	"sip_code" varchar(3) DEFAULT '' NOT NULL,
	"sip_reason" text DEFAULT '' NOT NULL,
	"time" timestamp NOT NULL,
	"caller" varchar(64) DEFAULT '' NOT NULL,
	"callee" varchar(64) DEFAULT '' NOT NULL,
	"dialled" varchar(64) DEFAULT '' NOT NULL,
	"kind" varchar(16) DEFAULT '' NOT NULL
);
--> statement-breakpoint
CREATE TABLE "acc_cdrs" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"start_time" timestamp DEFAULT '2000-01-01 00:00:00' NOT NULL,
	"end_time" timestamp DEFAULT '2000-01-01 00:00:00' NOT NULL,
	"duration" real DEFAULT 0 NOT NULL,
	"callid" varchar(255) DEFAULT '' NOT NULL,
	"caller" varchar(64) DEFAULT '' NOT NULL,
	"callee" varchar(64) DEFAULT '' NOT NULL,
	"dialled" varchar(64) DEFAULT '' NOT NULL,
	"kind" varchar(16) DEFAULT '' NOT NULL,
	"ended" varchar(16) DEFAULT '' NOT NULL
);
--> statement-breakpoint
ALTER TABLE "ip_phone_lines" ADD COLUMN "international_calling" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "ip_phone_lines" ADD COLUMN "international_changed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "ip_phone_lines" ADD COLUMN "international_off_reason" "international_off_reason";--> statement-breakpoint
ALTER TABLE "ip_phone_lines" ADD COLUMN "international_last_call_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "ip_phone_lines" ADD COLUMN "international_burst_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "ip_phone_lines" ADD COLUMN "international_burst_mailed_at" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "acc_callid_idx" ON "acc" USING btree ("callid");--> statement-breakpoint
CREATE INDEX "acc_caller_time_idx" ON "acc" USING btree ("caller","time");--> statement-breakpoint
CREATE INDEX "acc_callee_time_idx" ON "acc" USING btree ("callee","time");--> statement-breakpoint
CREATE INDEX "acc_time_idx" ON "acc" USING btree ("time");--> statement-breakpoint
CREATE INDEX "acc_cdrs_start_time_idx" ON "acc_cdrs" USING btree ("start_time");--> statement-breakpoint
CREATE INDEX "acc_cdrs_callid_idx" ON "acc_cdrs" USING btree ("callid");--> statement-breakpoint
CREATE INDEX "ip_phone_lines_international_burst_idx" ON "ip_phone_lines" USING btree ("international_burst_at") WHERE "ip_phone_lines"."international_burst_at" is not null;--> statement-breakpoint
CREATE INDEX "ip_phone_lines_international_on_idx" ON "ip_phone_lines" USING btree ("international_changed_at") WHERE "ip_phone_lines"."international_calling";--> statement-breakpoint
-- The schema versions Kamailio 5.6's acc module checks at start: acc (5) and the dialog CDRs' acc_cdrs (2). Both
-- tables carry extra columns the config's db_extra and cdr_extra fill (db/schema/kamailio.ts).
INSERT INTO "version" ("table_name", "table_version") VALUES ('acc', 5), ('acc_cdrs', 2);--> statement-breakpoint
-- The outbound policy the registrar reads on each international call (deploy/kamailio/kamailio.cfg, route
-- OUTBOUND_POLICY): whether the line's international calling is on. Active lines only; a change takes effect on the
-- next call, with no reload.
CREATE VIEW "sip_outbound_policies" AS
  SELECT "number" AS "username", "international_calling" AS "international"
  FROM "ip_phone_lines" WHERE "status" = 'active';--> statement-breakpoint
-- The registrar's velocity rule (more international attempts in a window than the config allows) turns the line's
-- international calling off at once, through this function only: the registrar's role can stop a line's
-- international calls, never start them, and cannot read or change anything else of the line. It files the event in
-- the audit trail; the portal's scheduled work mails the customer once (international_burst_mailed_at) and the
-- console flags the line (international_burst_at). Returns whether it turned anything off: false for a line whose
-- international calling was already off, or that is not an active line of ours.
CREATE FUNCTION "sip_stop_international"(p_username_hex text, p_attempts integer, p_minutes integer)
  RETURNS boolean LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  v_number text := public.sip_text_from_hex(p_username_hex, 64);
  v_customer uuid;
BEGIN
  IF p_attempts IS NULL OR p_attempts < 1 OR p_attempts > 100000 THEN
    RAISE EXCEPTION 'not a count' USING ERRCODE = '22023';
  END IF;
  IF p_minutes IS NULL OR p_minutes < 1 OR p_minutes > 1440 THEN
    RAISE EXCEPTION 'not a window' USING ERRCODE = '22023';
  END IF;
  UPDATE public.ip_phone_lines l
    SET international_calling = false, international_off_reason = 'burst',
        international_changed_at = pg_catalog.now(), international_burst_at = pg_catalog.now(),
        international_burst_mailed_at = NULL, updated_at = pg_catalog.now()
    WHERE l.number = v_number AND l.status = 'active' AND l.international_calling
    RETURNING l.customer_id INTO v_customer;
  IF NOT FOUND THEN
    RETURN false;
  END IF;
  INSERT INTO public.audit_events (type, customer_id, detail)
  VALUES ('international.burst', v_customer,
          pg_catalog.jsonb_build_object('number', v_number, 'attempts', p_attempts, 'minutes', p_minutes));
  RETURN true;
END
$$;
--> statement-breakpoint
-- A new function is anyone's to run until revoked: only the registrar's role gets it (deploy/kamailio/grants.sql).
REVOKE ALL ON FUNCTION "sip_stop_international"(text, integer, integer) FROM PUBLIC;
