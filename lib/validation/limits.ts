// Field length limits shared by the zod schemas and the forms; zod-free so client bundles stay small.
export const SELF_CARE_ID_MAX = 64;
export const SELF_CARE_PASSWORD_MAX = 128;
export const CURRENT_PASSWORD_MAX = 64;
