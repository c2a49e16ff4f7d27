// The console's operator forms (and the command line's flags): a new operator, and the role an admin gives one.
import { z } from "zod";
import { operatorRoles } from "@/db/enums";
import { customerBodySchema } from "./provisioning";

// The same rules as a customer's: operators sign in on the same page, with the same kind of ID.
const { selfCareId, name, email } = customerBodySchema.shape;

export const operatorRoleSchema = z.enum(operatorRoles, { error: "役割を選んでください。" });

export const newOperatorSchema = z.object({
  selfCareId,
  name,
  email,
  role: operatorRoleSchema,
  /** Whether the operator may sign in with the password and an emailed code instead of a passkey. */
  codeFallback: z.boolean(),
});
export type NewOperator = z.infer<typeof newOperatorSchema>;
export type NewOperatorField = keyof z.input<typeof newOperatorSchema>;
