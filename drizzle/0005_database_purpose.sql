CREATE TABLE "database_purpose" (
	"only" boolean PRIMARY KEY DEFAULT true NOT NULL,
	"purpose" text NOT NULL,
	"marked_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "database_purpose_only" CHECK ("database_purpose"."only"),
	CONSTRAINT "database_purpose_known" CHECK ("database_purpose"."purpose" in ('demo', 'production'))
);
