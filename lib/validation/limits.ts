// Field limits shared by the zod schemas that enforce them and the forms that state them; zod-free so client
// bundles stay small.
export const SELF_CARE_ID_MAX = 64;
export const SELF_CARE_PASSWORD_MAX = 128;
export const CURRENT_PASSWORD_MAX = 64;
/** Digits of the emailed one-time code. */
export const CODE_LENGTH = 6;
/** Room for a pasted code with spaces or full-width digits; the schema normalises, then checks CODE_LENGTH. */
export const CODE_INPUT_MAX = 12;
/** Room for a number typed with hyphens and spaces (`050-1234-5678`); the schema normalises, then checks 11 digits. */
export const LINE_NUMBER_INPUT_MAX = 40;
/** Longer than any valid SIP password, so a too-long one is told its length instead of silently cut. */
export const NEW_PASSWORD_INPUT_MAX = 32;
export const ADMIN_SEARCH_MAX = 64;
/** A registered email address (RFC 5321's longest path). */
export const EMAIL_MAX = 254;
/** The console's CSV import (app/admin/imports): the largest file it takes, about 150,000 rows. */
export const IMPORT_FILE_MAX_BYTES = 20 * 1024 * 1024;
/** The import's form post: the file and the multipart envelope around it. */
export const IMPORT_BODY_MAX_BYTES = IMPORT_FILE_MAX_BYTES + 64 * 1024;

/** No control characters (NUL included, which PostgreSQL refuses in text) in free-text identifiers. */
export const WITHOUT_CONTROL_CHARACTERS = /^[^\u0000-\u001f\u007f]*$/;
/** A provisioning API key's name (the audit trail names the key's writes by it). */
export const API_KEY_NAME_MAX = 64;
