CREATE TYPE "public"."line_status" AS ENUM('active', 'suspended', 'terminated');--> statement-breakpoint
CREATE TYPE "public"."suspension_reason" AS ENUM('non-payment', 'fraud', 'customer-request', 'police-request');--> statement-breakpoint
CREATE TYPE "public"."api_key_scope" AS ENUM('read', 'write');--> statement-breakpoint
CREATE TABLE "api_keys" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"scope" "api_key_scope" NOT NULL,
	"key_hash" text NOT NULL,
	"key_prefix" text NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_used_at" timestamp with time zone,
	"revoked_at" timestamp with time zone,
	"revoked_by" uuid,
	CONSTRAINT "api_keys_key_hash_unique" UNIQUE("key_hash")
);
--> statement-breakpoint
CREATE TABLE "provisioning_imports" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"file_name" text NOT NULL,
	"encoding" text NOT NULL,
	"status" text NOT NULL,
	"content" text,
	"rows" integer DEFAULT 0 NOT NULL,
	"accepted" integer DEFAULT 0 NOT NULL,
	"rejected" integer DEFAULT 0 NOT NULL,
	"results" jsonb,
	"rejected_csv" text,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"applied_at" timestamp with time zone,
	"applied_by" uuid,
	CONSTRAINT "provisioning_imports_status" CHECK ("provisioning_imports"."status" in ('checked', 'applied'))
);
--> statement-breakpoint
CREATE TABLE "provisioning_requests" (
	"api_key_id" uuid NOT NULL,
	"idempotency_key" text NOT NULL,
	"request_hash" text NOT NULL,
	"status_code" integer NOT NULL,
	"sealed_response" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "provisioning_requests_api_key_id_idempotency_key_pk" PRIMARY KEY("api_key_id","idempotency_key")
);
--> statement-breakpoint
ALTER TABLE "ip_phone_lines" DROP CONSTRAINT "ip_phone_lines_number_unique";--> statement-breakpoint
ALTER TABLE "customers" ADD COLUMN "external_id" text;--> statement-breakpoint
ALTER TABLE "customers" ADD COLUMN "must_change_password" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "customers" ADD COLUMN "initial_password_sealed" text;--> statement-breakpoint
ALTER TABLE "customers" ADD COLUMN "letter_issued_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "customers" ADD COLUMN "letter_printed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "customers" ADD COLUMN "updated_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
ALTER TABLE "ip_phone_lines" ADD COLUMN "status" "line_status" DEFAULT 'active' NOT NULL;--> statement-breakpoint
ALTER TABLE "ip_phone_lines" ADD COLUMN "suspension_reason" "suspension_reason";--> statement-breakpoint
ALTER TABLE "ip_phone_lines" ADD COLUMN "status_changed_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
ALTER TABLE "ip_phone_lines" ADD COLUMN "terminated_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "ip_phone_lines" ADD COLUMN "initial_sip_password_sealed" text;--> statement-breakpoint
ALTER TABLE "ip_phone_lines" ADD COLUMN "updated_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_created_by_customers_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."customers"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_revoked_by_customers_id_fk" FOREIGN KEY ("revoked_by") REFERENCES "public"."customers"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "provisioning_imports" ADD CONSTRAINT "provisioning_imports_created_by_customers_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."customers"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "provisioning_imports" ADD CONSTRAINT "provisioning_imports_applied_by_customers_id_fk" FOREIGN KEY ("applied_by") REFERENCES "public"."customers"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "provisioning_requests" ADD CONSTRAINT "provisioning_requests_api_key_id_api_keys_id_fk" FOREIGN KEY ("api_key_id") REFERENCES "public"."api_keys"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "api_keys_live_name_idx" ON "api_keys" USING btree ("name") WHERE "api_keys"."revoked_at" is null;--> statement-breakpoint
CREATE INDEX "provisioning_imports_created_idx" ON "provisioning_imports" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "provisioning_requests_created_idx" ON "provisioning_requests" USING btree ("created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "ip_phone_lines_live_number_idx" ON "ip_phone_lines" USING btree ("number") WHERE "ip_phone_lines"."status" <> 'terminated';--> statement-breakpoint
CREATE INDEX "ip_phone_lines_number_idx" ON "ip_phone_lines" USING btree ("number","created_at");--> statement-breakpoint
ALTER TABLE "customers" ADD CONSTRAINT "customers_external_id_unique" UNIQUE("external_id");--> statement-breakpoint
ALTER TABLE "ip_phone_lines" ADD CONSTRAINT "ip_phone_lines_suspension_reason" CHECK (("ip_phone_lines"."status" = 'suspended') = ("ip_phone_lines"."suspension_reason" is not null));--> statement-breakpoint
ALTER TABLE "ip_phone_lines" ADD CONSTRAINT "ip_phone_lines_terminated_at" CHECK (("ip_phone_lines"."status" = 'terminated') = ("ip_phone_lines"."terminated_at" is not null));