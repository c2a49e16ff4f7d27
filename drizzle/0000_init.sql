CREATE TYPE "public"."change_status" AS ENUM('pending', 'reflected', 'superseded', 'failed');--> statement-breakpoint
CREATE TYPE "public"."role" AS ENUM('customer', 'admin');--> statement-breakpoint
CREATE TYPE "public"."service_kind" AS ENUM('ip-phone', 'b2bua', 'b2bua-opengate');--> statement-breakpoint
CREATE TABLE "audit_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"type" text NOT NULL,
	"customer_id" uuid,
	"change_id" uuid,
	"ip" text,
	"user_agent" text,
	"detail" jsonb
);
--> statement-breakpoint
CREATE TABLE "customers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"self_care_id" text NOT NULL,
	"password_hash" text NOT NULL,
	"email" text NOT NULL,
	"display_name" text NOT NULL,
	"role" "role" DEFAULT 'customer' NOT NULL,
	"failed_login_count" integer DEFAULT 0 NOT NULL,
	"locked_until" timestamp with time zone,
	"session_version" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "customers_self_care_id_unique" UNIQUE("self_care_id")
);
--> statement-breakpoint
CREATE TABLE "ip_phone_lines" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"number" text NOT NULL,
	"customer_id" uuid NOT NULL,
	"service_kind" "service_kind" NOT NULL,
	"sip_password_hash" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "ip_phone_lines_number_unique" UNIQUE("number"),
	CONSTRAINT "ip_phone_lines_number_format" CHECK ("ip_phone_lines"."number" ~ '^050[0-9]{8}$')
);
--> statement-breakpoint
CREATE TABLE "otp_challenges" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"customer_id" uuid NOT NULL,
	"binding_hash" text NOT NULL,
	"code_hash" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"failed_attempts" integer DEFAULT 0 NOT NULL,
	"send_count" integer DEFAULT 1 NOT NULL,
	"last_sent_at" timestamp with time zone NOT NULL,
	"consumed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "otp_challenges_binding_hash_unique" UNIQUE("binding_hash")
);
--> statement-breakpoint
CREATE TABLE "outbox_emails" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"to" text NOT NULL,
	"from" text NOT NULL,
	"subject" text NOT NULL,
	"html" text NOT NULL,
	"text" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "password_changes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"line_id" uuid NOT NULL,
	"customer_id" uuid NOT NULL,
	"service_kind" "service_kind" NOT NULL,
	"requested_at" timestamp with time zone NOT NULL,
	"reflection_at" timestamp with time zone NOT NULL,
	"status" "change_status" DEFAULT 'pending' NOT NULL,
	"applied_at" timestamp with time zone,
	"secret_ciphertext" text,
	"idempotency_key" text NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"failure_reason" text,
	"request_ip" text,
	"user_agent" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "rate_limits" (
	"key" text NOT NULL,
	"window_start" timestamp with time zone NOT NULL,
	"hits" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "rate_limits_key_window_start_pk" PRIMARY KEY("key","window_start")
);
--> statement-breakpoint
ALTER TABLE "audit_events" ADD CONSTRAINT "audit_events_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "audit_events" ADD CONSTRAINT "audit_events_change_id_password_changes_id_fk" FOREIGN KEY ("change_id") REFERENCES "public"."password_changes"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ip_phone_lines" ADD CONSTRAINT "ip_phone_lines_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "otp_challenges" ADD CONSTRAINT "otp_challenges_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "password_changes" ADD CONSTRAINT "password_changes_line_id_ip_phone_lines_id_fk" FOREIGN KEY ("line_id") REFERENCES "public"."ip_phone_lines"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "password_changes" ADD CONSTRAINT "password_changes_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "audit_events_customer_idx" ON "audit_events" USING btree ("customer_id","at");--> statement-breakpoint
CREATE INDEX "audit_events_change_idx" ON "audit_events" USING btree ("change_id","at");--> statement-breakpoint
CREATE INDEX "ip_phone_lines_customer_idx" ON "ip_phone_lines" USING btree ("customer_id");--> statement-breakpoint
CREATE INDEX "otp_challenges_customer_idx" ON "otp_challenges" USING btree ("customer_id","created_at");--> statement-breakpoint
CREATE INDEX "outbox_emails_created_idx" ON "outbox_emails" USING btree ("created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "password_changes_idempotency_idx" ON "password_changes" USING btree ("customer_id","idempotency_key");--> statement-breakpoint
CREATE UNIQUE INDEX "password_changes_one_pending_per_line_idx" ON "password_changes" USING btree ("line_id") WHERE "password_changes"."status" = 'pending';--> statement-breakpoint
CREATE INDEX "password_changes_pending_due_idx" ON "password_changes" USING btree ("reflection_at","id") WHERE "password_changes"."status" = 'pending';--> statement-breakpoint
CREATE INDEX "password_changes_status_reflection_idx" ON "password_changes" USING btree ("status","reflection_at","id");--> statement-breakpoint
CREATE INDEX "password_changes_reflection_idx" ON "password_changes" USING btree ("reflection_at","id");--> statement-breakpoint
CREATE INDEX "password_changes_line_idx" ON "password_changes" USING btree ("line_id","reflection_at");--> statement-breakpoint
CREATE INDEX "password_changes_customer_idx" ON "password_changes" USING btree ("customer_id","requested_at");--> statement-breakpoint
CREATE INDEX "rate_limits_window_idx" ON "rate_limits" USING btree ("window_start");