ALTER TYPE "public"."change_status" ADD VALUE 'cancelled' BEFORE 'failed';--> statement-breakpoint
ALTER TABLE "password_changes" ADD COLUMN "previous_sip_password_hash" text;--> statement-breakpoint
ALTER TABLE "password_changes" ADD COLUMN "cancelled_at" timestamp with time zone;