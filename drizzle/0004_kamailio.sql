CREATE TABLE "location" (
	"id" serial PRIMARY KEY NOT NULL,
	"ruid" varchar(64) DEFAULT '' NOT NULL,
	"username" varchar(64) DEFAULT '' NOT NULL,
	"domain" varchar(64),
	"contact" varchar(512) DEFAULT '' NOT NULL,
	"received" varchar(128),
	"path" varchar(512),
	"expires" timestamp DEFAULT '2030-05-28 21:32:15' NOT NULL,
	"q" real DEFAULT 1 NOT NULL,
	"callid" varchar(255) DEFAULT 'Default-Call-ID' NOT NULL,
	"cseq" integer DEFAULT 1 NOT NULL,
	"last_modified" timestamp DEFAULT '2000-01-01 00:00:01' NOT NULL,
	"flags" integer DEFAULT 0 NOT NULL,
	"cflags" integer DEFAULT 0 NOT NULL,
	"user_agent" varchar(255) DEFAULT '' NOT NULL,
	"socket" varchar(64),
	"methods" integer,
	"instance" varchar(255),
	"reg_id" integer DEFAULT 0 NOT NULL,
	"server_id" integer DEFAULT 0 NOT NULL,
	"connection_id" integer DEFAULT 0 NOT NULL,
	"keepalive" integer DEFAULT 0 NOT NULL,
	"partition" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "version" (
	"id" serial PRIMARY KEY NOT NULL,
	"table_name" varchar(32) NOT NULL,
	"table_version" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
ALTER TABLE "password_changes" ADD COLUMN "registration_reminded_at" timestamp with time zone;--> statement-breakpoint
CREATE UNIQUE INDEX "location_ruid_idx" ON "location" USING btree ("ruid");--> statement-breakpoint
CREATE INDEX "location_account_contact_idx" ON "location" USING btree ("username","domain","contact");--> statement-breakpoint
CREATE INDEX "location_expires_idx" ON "location" USING btree ("expires");--> statement-breakpoint
CREATE INDEX "location_tcpcon_idx" ON "location" USING btree ("connection_id");--> statement-breakpoint
CREATE INDEX "location_connection_idx" ON "location" USING btree ("server_id","connection_id");--> statement-breakpoint
CREATE UNIQUE INDEX "version_table_name_idx" ON "version" USING btree ("table_name");--> statement-breakpoint
-- The schema versions Kamailio 5.6's modules check at start: usrloc's location (9), and the subscriber table auth_db
-- reads, which here is sip_credentials (subscriber version 7: username, domain, ha1, ha1b).
INSERT INTO "version" ("table_name", "table_version") VALUES ('version', 1), ('location', 9), ('sip_credentials', 7);
