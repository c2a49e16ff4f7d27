CREATE TABLE "operator_approvals" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" text NOT NULL,
	"payload" jsonb NOT NULL,
	"reason" text NOT NULL,
	"ticket" text,
	"status" text DEFAULT 'pending' NOT NULL,
	"requested_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"decided_by" uuid,
	"decided_at" timestamp with time zone,
	CONSTRAINT "operator_approvals_kind" CHECK ("operator_approvals"."kind" in ('line-termination', 'import-apply')),
	CONSTRAINT "operator_approvals_status" CHECK ("operator_approvals"."status" in ('pending', 'approved', 'rejected', 'expired')),
	CONSTRAINT "operator_approvals_second_admin" CHECK ("operator_approvals"."decided_by" is null or "operator_approvals"."decided_by" <> "operator_approvals"."requested_by")
);
--> statement-breakpoint
ALTER TABLE "audit_events" ADD COLUMN "operator_id" uuid;--> statement-breakpoint
ALTER TABLE "operator_approvals" ADD CONSTRAINT "operator_approvals_requested_by_customers_id_fk" FOREIGN KEY ("requested_by") REFERENCES "public"."customers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "operator_approvals" ADD CONSTRAINT "operator_approvals_decided_by_customers_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."customers"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "operator_approvals_pending_idx" ON "operator_approvals" USING btree ("created_at") WHERE "operator_approvals"."status" = 'pending';--> statement-breakpoint
ALTER TABLE "audit_events" ADD CONSTRAINT "audit_events_operator_id_customers_id_fk" FOREIGN KEY ("operator_id") REFERENCES "public"."customers"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "customers_email_search_idx" ON "customers" USING btree (lower("email") text_pattern_ops);--> statement-breakpoint
CREATE INDEX "audit_events_operator_idx" ON "audit_events" USING btree ("operator_id","at") WHERE "audit_events"."operator_id" is not null;