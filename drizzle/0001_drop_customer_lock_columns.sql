ALTER TABLE "customers" DROP COLUMN "failed_login_count";--> statement-breakpoint
ALTER TABLE "customers" DROP COLUMN "locked_until";