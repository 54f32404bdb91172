import { z } from "zod";

import { roleEnum, type Role } from "@/db/schema";

/** Member and password forms, shared by their server actions and the UI. */

export const ROLES = roleEnum.enumValues;

export const ROLE_LABELS: Record<Role, string> = {
  admin: "Admin",
  recruiter: "Recruiter",
  viewer: "Viewer",
};

export const MEMBER_NAME_MAX = 120;
export const PASSWORD_MIN = 12;
// scrypt reads the whole password, so an upper bound keeps a pasted
// megabyte from costing the server more than a normal sign-in.
export const PASSWORD_MAX = 256;

const roleField = z.enum(ROLES, {
  error: `Pick a role: ${ROLES.join(", ")}.`,
});

const membershipIdField = z.uuid(
  "The member id is invalid; reload the page and try again.",
);

export const addMemberSchema = z.object({
  // Trimmed and lower-cased like the sign-in form, so the stored address
  // is the one the person types when signing in.
  email: z
    .string()
    .trim()
    .toLowerCase()
    .min(1, "Enter the member's email address.")
    .email("Enter a full email address, such as sam@example.com."),
  name: z
    .string()
    .trim()
    .min(1, "Enter the member's name, such as “Sam Lee”.")
    .max(
      MEMBER_NAME_MAX,
      `Shorten the name to ${MEMBER_NAME_MAX} characters or fewer.`,
    ),
  role: roleField,
});

export type AddMemberInput = z.input<typeof addMemberSchema>;

export const changeMemberRoleSchema = z.object({
  membershipId: membershipIdField,
  role: roleField,
});

export type ChangeMemberRoleInput = z.input<typeof changeMemberRoleSchema>;

export const removeMemberSchema = z.object({
  membershipId: membershipIdField,
});

export type RemoveMemberInput = z.input<typeof removeMemberSchema>;

export const changePasswordSchema = z
  .object({
    currentPassword: z.string().min(1, "Enter your current password."),
    newPassword: z
      .string()
      .min(
        PASSWORD_MIN,
        `Use at least ${PASSWORD_MIN} characters for the new password.`,
      )
      .max(
        PASSWORD_MAX,
        `Shorten the new password to ${PASSWORD_MAX} characters or fewer.`,
      ),
    confirmPassword: z.string().min(1, "Enter the new password again."),
  })
  .refine((values) => values.confirmPassword === values.newPassword, {
    path: ["confirmPassword"],
    message: "The two new passwords differ; type the same password twice.",
  })
  .refine((values) => values.newPassword !== values.currentPassword, {
    path: ["newPassword"],
    message: "The new password is your current one; pick a different one.",
  });

export type ChangePasswordInput = z.input<typeof changePasswordSchema>;
