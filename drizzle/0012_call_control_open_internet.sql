-- The call control on the open Internet (deploy/kamailio/kamailio.cfg): every value the registrar passes from a SIP
-- message arrives hex-encoded and is decoded here, so no text of a request is ever read as SQL; a source is an IPv4
-- address or an IPv6 /64 (one subscriber holds a whole /64), in the form the registrar writes it; failures arrive
-- counted (the registrar adds them up in its memory); and the bans in force are a view the registrar loads into its
-- memory, so a banned source costs no query.
DROP FUNCTION "sip_record_failure"(text, text, integer, text, text);--> statement-breakpoint
DROP FUNCTION "sip_banned"(text, text);--> statement-breakpoint
-- One or more failed digests of one (line, source, class), all answering a fresh nonce the registrar issued to that
-- source: counted in their minute's row, then the ban rules, one source at a time (an advisory lock, so simultaneous
-- failures decide one ban):
--   10 `wrong` or `unknown-user` in 15 minutes from one (line, source): that pair, 15 minutes (a number that is not
--   ours is banned like one that is, so a ban tells a guesser nothing about which numbers exist);
--   `wrong` or `unknown-user` on 5 or more lines in an hour from one source: the source, an hour.
-- `previous` and `early` never ban. A source that is not an IPv4 address or an IPv6 /64 (`a:b:c:d::/64`), a class
-- that is not one, a count outside 1–100,000 or a port outside 0–65535 is refused with an error: nothing is written. Port 0 and an empty
-- User-Agent (a count the registrar sends later, without them) keep what the row has. `p_minute` is the minute the
-- failures happened in (minutes since 1970, the registrar's clock), so a count sent at the minute's end lands in its
-- row; one in the future or more than 10 minutes back means the present minute. Returns the reason of the ban it
-- made, or ''.
CREATE FUNCTION "sip_record_failure"(p_username_hex text, p_source_hex text, p_port integer, p_user_agent_hex text,
  p_class_hex text, p_count integer, p_minute bigint)
  RETURNS text LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  v_username text := public.sip_text_from_hex(p_username_hex, 64);
  v_source text := public.sip_text_from_hex(p_source_hex, 64);
  v_class public.sip_auth_failure_class := public.sip_text_from_hex(p_class_hex, 16)::public.sip_auth_failure_class;
  v_now timestamptz := now();
  v_minute timestamptz := to_timestamp(p_minute * 60);
BEGIN
  IF v_minute IS NULL OR v_minute > now() OR v_minute < date_trunc('minute', now()) - interval '10 minutes' THEN
    v_minute := date_trunc('minute', now());
  END IF;
  IF NOT (v_source ~ '^[0-9]{1,3}(\.[0-9]{1,3}){3}$' AND family(v_source::inet) = 4
          OR v_source ~ '^([0-9a-fA-F]{1,4}:){4}:/64$' AND family(v_source::cidr) = 6) THEN
    RAISE EXCEPTION 'not a source address' USING ERRCODE = '22023';
  END IF;
  IF p_count IS NULL OR p_count < 1 OR p_count > 100000 THEN
    RAISE EXCEPTION 'not a count' USING ERRCODE = '22023';
  END IF;
  IF p_port IS NULL OR p_port < 0 OR p_port > 65535 THEN
    RAISE EXCEPTION 'not a port' USING ERRCODE = '22023';
  END IF;
  PERFORM pg_advisory_xact_lock(hashtext('sip-failures:' || v_source));
  INSERT INTO public.sip_auth_failures AS f (username, address, class, minute, count, port, user_agent, first_at, last_at)
  VALUES (v_username, v_source, v_class, v_minute, p_count, coalesce(p_port, 0),
          public.sip_text_from_hex(p_user_agent_hex, 200), v_now, v_now)
  ON CONFLICT (username, address, class, minute) DO UPDATE
    SET count = f.count + excluded.count,
        port = CASE WHEN excluded.port = 0 THEN f.port ELSE excluded.port END,
        user_agent = CASE WHEN excluded.user_agent = '' THEN f.user_agent ELSE excluded.user_agent END,
        last_at = excluded.last_at;
  IF v_class IN ('wrong', 'unknown-user')
    AND NOT EXISTS (SELECT 1 FROM public.sip_bans b WHERE b.address = v_source AND b.username = v_username
                    AND b.until > v_now AND b.lifted_at IS NULL)
    AND (SELECT sum(f.count) FROM public.sip_auth_failures f WHERE f.username = v_username AND f.address = v_source
         AND f.class IN ('wrong', 'unknown-user') AND f.minute > date_trunc('minute', v_now) - interval '15 minutes') >= 10
  THEN
    INSERT INTO public.sip_bans (username, address, reason, until)
    VALUES (v_username, v_source, 'wrong-password', v_now + interval '15 minutes');
    RETURN 'wrong-password';
  END IF;
  IF v_class IN ('wrong', 'unknown-user')
    AND NOT EXISTS (SELECT 1 FROM public.sip_bans b WHERE b.address = v_source AND b.username IS NULL
                    AND b.until > v_now AND b.lifted_at IS NULL)
    AND (SELECT count(DISTINCT f.username) FROM public.sip_auth_failures f WHERE f.address = v_source
         AND f.class IN ('wrong', 'unknown-user') AND f.minute > date_trunc('minute', v_now) - interval '1 hour') >= 5
  THEN
    INSERT INTO public.sip_bans (username, address, reason, until)
    VALUES (NULL, v_source, 'scanner', v_now + interval '1 hour');
    RETURN 'scanner';
  END IF;
  RETURN '';
END
$$;--> statement-breakpoint
REVOKE ALL ON FUNCTION "sip_record_failure"(text, text, integer, text, text, integer, bigint) FROM PUBLIC;--> statement-breakpoint
-- The bans in force, in the shape Kamailio's htable module loads (deploy/kamailio/kamailio.cfg reloads it every few
-- seconds): key `source|line`, or `source|*` for a whole source; the value 1; the end as Unix time. An operator's
-- lift leaves the view at once, and the registrar's memory at its next reload.
CREATE VIEW "sip_bans_in_force" AS
  SELECT "address" || '|' || coalesce("username", '*') AS "key_name", 0 AS "key_type", 1 AS "value_type",
    '1'::text AS "key_value", extract(epoch FROM "until")::integer AS "expires"
  FROM "sip_bans" WHERE "until" > pg_catalog.now() AND "lifted_at" IS NULL;
--> statement-breakpoint
-- A line's digest hashes in one row, so the registrar checks a request's digest against all of them in memory after
-- one query (deploy/kamailio/kamailio.cfg, route LINE_CREDENTIALS), under the rules of the views it replaces there:
-- the current password unless an emergency change has cut the line off (sip_credentials_in_force), the previous one
-- during its grace (sip_previous_credentials), the retired one (sip_retired_credentials) and the password of a
-- change not yet reflected (sip_early_credentials).
CREATE VIEW "sip_line_credentials" AS
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
  FROM "sip_credentials";
