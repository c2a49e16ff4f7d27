CREATE TABLE "sip_credentials" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"username" text NOT NULL,
	"domain" text NOT NULL,
	"ha1" text NOT NULL,
	"ha1b" text NOT NULL,
	"change_id" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "sip_credentials" ADD CONSTRAINT "sip_credentials_change_id_password_changes_id_fk" FOREIGN KEY ("change_id") REFERENCES "public"."password_changes"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "sip_credentials_user_domain_idx" ON "sip_credentials" USING btree ("username","domain");