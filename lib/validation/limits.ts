// Field length limits shared by the zod schemas and the forms; zod-free so client bundles stay small.
export const SELF_CARE_ID_MAX = 64;
export const SELF_CARE_PASSWORD_MAX = 128;
export const CURRENT_PASSWORD_MAX = 64;

/** No control characters (NUL included, which PostgreSQL refuses in text) in free-text identifiers. */
export const WITHOUT_CONTROL_CHARACTERS = /^[^\u0000-\u001f\u007f]*$/;
