ALTER TYPE "public"."role" ADD VALUE 'viewer' BEFORE 'admin';--> statement-breakpoint
ALTER TYPE "public"."role" ADD VALUE 'support' BEFORE 'admin';--> statement-breakpoint
ALTER TABLE "customers" ADD COLUMN "disabled_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "customers" ADD COLUMN "code_fallback" boolean DEFAULT false NOT NULL;