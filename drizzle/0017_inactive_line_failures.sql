-- `inactive` (drizzle/0016): an `unknown-user` whose number is ours, with its line suspended or all its lines
-- terminated, is most likely the customer's own devices still trying (docs/security.md, "The call control on the
-- open Internet"). It counts toward the (line, source) rule like `unknown-user`, so the pair ban tells a guesser
-- nothing about which numbers are suspended, and never toward the scanner rule, so a business's suspended lines
-- behind one NAT address do not ban that address for its active lines. Otherwise sip_record_failure is drizzle/0012's,
-- word for word. Drizzle applies pending migrations in one transaction, where PostgreSQL refuses a use of an enum
-- value added in it: the new value is only in the body, which PL/pgSQL casts when the function runs, after the commit.
CREATE OR REPLACE FUNCTION "sip_record_failure"(p_username_hex text, p_source_hex text, p_port integer, p_user_agent_hex text,
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
  -- A number of ours whose line is suspended or ended: the registrar has no credentials for it, so it says
  -- `unknown-user`; the attempts are most likely the customer's own devices, still trying.
  IF v_class = 'unknown-user'
    AND EXISTS (SELECT 1 FROM public.ip_phone_lines l WHERE l.number = v_username)
    AND NOT EXISTS (SELECT 1 FROM public.ip_phone_lines l WHERE l.number = v_username AND l.status = 'active')
  THEN
    v_class := 'inactive';
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
  IF v_class IN ('wrong', 'unknown-user', 'inactive')
    AND NOT EXISTS (SELECT 1 FROM public.sip_bans b WHERE b.address = v_source AND b.username = v_username
                    AND b.until > v_now AND b.lifted_at IS NULL)
    AND (SELECT sum(f.count) FROM public.sip_auth_failures f WHERE f.username = v_username AND f.address = v_source
         AND f.class IN ('wrong', 'unknown-user', 'inactive') AND f.minute > date_trunc('minute', v_now) - interval '15 minutes') >= 10
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
REVOKE ALL ON FUNCTION "sip_record_failure"(text, text, integer, text, text, integer, bigint) FROM PUBLIC;
