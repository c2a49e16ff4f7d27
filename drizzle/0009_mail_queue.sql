CREATE TABLE "mail_queue" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"to" text NOT NULL,
	"template" text NOT NULL,
	"sealed_props" text,
	"customer_id" uuid,
	"change_id" uuid,
	"challenge_id" uuid,
	"failure_type" text,
	"attempts" integer DEFAULT 0 NOT NULL,
	"last_failed_at" timestamp with time zone,
	"next_attempt_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone,
	"sent_at" timestamp with time zone,
	"failed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "mail_queue" ADD CONSTRAINT "mail_queue_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mail_queue" ADD CONSTRAINT "mail_queue_change_id_password_changes_id_fk" FOREIGN KEY ("change_id") REFERENCES "public"."password_changes"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mail_queue" ADD CONSTRAINT "mail_queue_challenge_id_otp_challenges_id_fk" FOREIGN KEY ("challenge_id") REFERENCES "public"."otp_challenges"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "mail_queue_waiting_idx" ON "mail_queue" USING btree ("to","id") WHERE "mail_queue"."sent_at" is null and "mail_queue"."failed_at" is null;--> statement-breakpoint
CREATE INDEX "mail_queue_challenge_idx" ON "mail_queue" USING btree ("challenge_id");--> statement-breakpoint
-- A rate-limit take in one statement (lib/rate-limit.ts). Under READ COMMITTED a statement's snapshot is taken
-- before any lock it acquires, so the lock and the read it protects cannot share one statement; inside a volatile
-- function each statement has a snapshot of its own, so the read below sees every hit committed before the lock.
-- The keys are locked in hash order (two takers of overlapping keys cannot deadlock) until the caller's
-- transaction ends. Group g (p_groups) is taken, all its keys or none, when each of its keys and of every earlier
-- group is below its limit. Answers how many groups were taken and each key's live buckets before the take.
CREATE FUNCTION "take_rate_limits"(p_keys text[], p_since timestamptz[], p_limits integer[], p_groups integer[], p_bucket timestamptz)
RETURNS jsonb LANGUAGE plpgsql VOLATILE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  v_counts integer[];
  v_buckets jsonb;
  v_accepted integer := 0;
  v_group integer;
BEGIN
  PERFORM pg_catalog.pg_advisory_xact_lock(h)
    FROM (SELECT DISTINCT pg_catalog.hashtextextended(k, 0) AS h FROM pg_catalog.unnest(p_keys) AS k) AS locks ORDER BY h;
  SELECT pg_catalog.jsonb_agg(coalesce(b.buckets, '[]'::jsonb) ORDER BY w.i), pg_catalog.array_agg(coalesce(b.total, 0) ORDER BY w.i)
    INTO v_buckets, v_counts
    FROM unnest(p_keys, p_since) WITH ORDINALITY AS w(key, since, i)
    LEFT JOIN LATERAL (
      SELECT pg_catalog.jsonb_agg(pg_catalog.jsonb_build_array(r.window_start, r.hits)) AS buckets, sum(r.hits)::integer AS total
        FROM public.rate_limits r WHERE r.key = w.key AND r.window_start > w.since
    ) AS b ON true;
  FOR v_group IN 0 .. coalesce((SELECT max(g) FROM pg_catalog.unnest(p_groups) AS g), -1) LOOP
    EXIT WHEN EXISTS (
      SELECT 1 FROM unnest(p_groups, v_counts, p_limits) AS m(g, c, l) WHERE m.g = v_group AND m.c >= m.l
    );
    v_accepted := v_group + 1;
  END LOOP;
  INSERT INTO public.rate_limits AS r (key, window_start, hits)
    SELECT DISTINCT m.k, p_bucket, 1 FROM unnest(p_keys, p_groups) AS m(k, g) WHERE m.g < v_accepted
    ON CONFLICT (key, window_start) DO UPDATE SET hits = r.hits + 1;
  RETURN pg_catalog.jsonb_build_object('accepted', v_accepted, 'buckets', v_buckets);
END $$;
