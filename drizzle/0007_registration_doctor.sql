CREATE TYPE "public"."sip_auth_failure_class" AS ENUM('previous', 'wrong', 'unknown-user');--> statement-breakpoint
CREATE TYPE "public"."sip_ban_reason" AS ENUM('wrong-password', 'scanner');--> statement-breakpoint
CREATE TABLE "sip_auth_failures" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"username" text NOT NULL,
	"address" text NOT NULL,
	"class" "sip_auth_failure_class" NOT NULL,
	"minute" timestamp with time zone NOT NULL,
	"count" integer DEFAULT 1 NOT NULL,
	"port" integer NOT NULL,
	"user_agent" text DEFAULT '' NOT NULL,
	"first_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sip_bans" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"username" text,
	"address" text NOT NULL,
	"reason" "sip_ban_reason" NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"until" timestamp with time zone NOT NULL,
	"lifted_at" timestamp with time zone,
	"lifted_by" uuid
);
--> statement-breakpoint
ALTER TABLE "sip_bans" ADD CONSTRAINT "sip_bans_lifted_by_customers_id_fk" FOREIGN KEY ("lifted_by") REFERENCES "public"."customers"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "sip_auth_failures_bucket_idx" ON "sip_auth_failures" USING btree ("username","address","class","minute");--> statement-breakpoint
CREATE INDEX "sip_auth_failures_address_idx" ON "sip_auth_failures" USING btree ("address","minute");--> statement-breakpoint
CREATE INDEX "sip_auth_failures_minute_idx" ON "sip_auth_failures" USING btree ("minute");--> statement-breakpoint
CREATE INDEX "sip_bans_address_idx" ON "sip_bans" USING btree ("address","until");--> statement-breakpoint
CREATE INDEX "sip_bans_username_idx" ON "sip_bans" USING btree ("username","until");--> statement-breakpoint
-- A line's retired passwords, for telling the customer's own device that was not updated from a stranger: a routine
-- change's previous password after its grace, and the password an emergency change cut off (kept as the previous
-- one once the change is reflected). The registrar checks a failed digest against it and never accepts it.
CREATE VIEW "sip_retired_credentials" AS
  SELECT "username", "domain", "previous_ha1" AS "ha1", "previous_ha1b" AS "ha1b" FROM "sip_credentials"
  WHERE "suspended_at" IS NULL AND "previous_ha1" IS NOT NULL AND "previous_until" <= pg_catalog.now()
  UNION ALL
  SELECT "username", "domain", "ha1", "ha1b" FROM "sip_credentials" WHERE "suspended_at" IS NOT NULL;--> statement-breakpoint
INSERT INTO "version" ("table_name", "table_version") VALUES ('sip_retired_credentials', 7);--> statement-breakpoint
-- Text the registrar passes hex-encoded (a User-Agent, a username tried), so no quote in it can reach the SQL; cut
-- to `max` characters, and '' when it is not UTF-8.
CREATE FUNCTION "sip_text_from_hex"(p_hex text, p_max integer) RETURNS text
  LANGUAGE plpgsql IMMUTABLE SET search_path = pg_catalog, pg_temp AS $$
BEGIN
  RETURN left(convert_from(decode(p_hex, 'hex'), 'UTF8'), p_max);
EXCEPTION WHEN OTHERS THEN
  RETURN '';
END
$$;--> statement-breakpoint
-- One failed digest: counted in its (line, address, class, minute) row, then the ban rules, one address at a time
-- (an advisory lock, so simultaneous failures decide one ban):
--   10 `wrong` in 15 minutes from one (line, address): that pair, 15 minutes;
--   `wrong` or `unknown-user` on 5 or more lines in an hour from one address: the address, an hour.
-- `previous` never bans. Returns the reason of the ban it made, or ''.
CREATE FUNCTION "sip_record_failure"(p_username_hex text, p_address text, p_port integer, p_user_agent_hex text, p_class text)
  RETURNS text LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  v_username text := public.sip_text_from_hex(p_username_hex, 64);
  v_class public.sip_auth_failure_class := p_class::public.sip_auth_failure_class;
  v_now timestamptz := now();
  v_minute timestamptz := date_trunc('minute', now());
BEGIN
  PERFORM pg_advisory_xact_lock(hashtext('sip-failures:' || p_address));
  INSERT INTO public.sip_auth_failures AS f (username, address, class, minute, count, port, user_agent, first_at, last_at)
  VALUES (v_username, p_address, v_class, v_minute, 1, p_port, public.sip_text_from_hex(p_user_agent_hex, 200), v_now, v_now)
  ON CONFLICT (username, address, class, minute) DO UPDATE
    SET count = f.count + 1, port = excluded.port, user_agent = excluded.user_agent, last_at = excluded.last_at;
  IF v_class = 'wrong'
    AND NOT EXISTS (SELECT 1 FROM public.sip_bans b WHERE b.address = p_address AND b.username = v_username
                    AND b.until > v_now AND b.lifted_at IS NULL)
    AND (SELECT sum(f.count) FROM public.sip_auth_failures f WHERE f.username = v_username AND f.address = p_address
         AND f.class = 'wrong' AND f.minute > v_minute - interval '15 minutes') >= 10
  THEN
    INSERT INTO public.sip_bans (username, address, reason, until)
    VALUES (v_username, p_address, 'wrong-password', v_now + interval '15 minutes');
    RETURN 'wrong-password';
  END IF;
  IF v_class IN ('wrong', 'unknown-user')
    AND NOT EXISTS (SELECT 1 FROM public.sip_bans b WHERE b.address = p_address AND b.username IS NULL
                    AND b.until > v_now AND b.lifted_at IS NULL)
    AND (SELECT count(DISTINCT f.username) FROM public.sip_auth_failures f WHERE f.address = p_address
         AND f.class IN ('wrong', 'unknown-user') AND f.minute > v_minute - interval '1 hour') >= 5
  THEN
    INSERT INTO public.sip_bans (username, address, reason, until)
    VALUES (NULL, p_address, 'scanner', v_now + interval '1 hour');
    RETURN 'scanner';
  END IF;
  RETURN '';
END
$$;--> statement-breakpoint
-- Whether a request for `p_username` from `p_address` is refused without a challenge: 1 or 0.
CREATE FUNCTION "sip_banned"(p_username text, p_address text) RETURNS integer
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
  SELECT CASE WHEN EXISTS (
    SELECT 1 FROM public.sip_bans b
    WHERE b.address = p_address AND (b.username = p_username OR b.username IS NULL)
      AND b.until > now() AND b.lifted_at IS NULL
  ) THEN 1 ELSE 0 END
$$;--> statement-breakpoint
REVOKE ALL ON FUNCTION "sip_text_from_hex"(text, integer) FROM PUBLIC;--> statement-breakpoint
REVOKE ALL ON FUNCTION "sip_record_failure"(text, text, integer, text, text) FROM PUBLIC;--> statement-breakpoint
REVOKE ALL ON FUNCTION "sip_banned"(text, text) FROM PUBLIC;
