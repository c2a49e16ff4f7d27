// Rows counted as drizzle's count() counts them, but by pg_catalog's name (docs/security.md, "Schema hygiene").
import { sql } from "drizzle-orm";

export const countRows = () => sql<number>`pg_catalog.count(*)`.mapWith(Number);
