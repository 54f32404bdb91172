"use server";

import { revalidatePath } from "next/cache";

import {
  addMemberSchema,
  changeMemberRoleSchema,
  removeMemberSchema,
} from "@/lib/validations/member";

import { createAction } from "./safe-action";
import {
  addMember as addMemberRow,
  changeMemberRole as changeMemberRoleRow,
  MEMBER_ADMIN_ROLE,
  removeMember as removeMemberRow,
} from "./services/members";

/**
 * Adds a member to the admin's workspace. Returns the generated password
 * of a newly created user once; the reply is its only copy.
 */
export const addMember = createAction(
  { name: "add-member", role: MEMBER_ADMIN_ROLE, schema: addMemberSchema },
  async (input, { viewer, db }) => {
    const { member, initialPassword } = await addMemberRow(db, viewer, input);
    revalidatePath("/settings");
    return { email: member.email, role: member.role, initialPassword };
  },
);

/** Changes a member's role; the last admin keeps theirs. */
export const changeMemberRole = createAction(
  {
    name: "change-member-role",
    role: MEMBER_ADMIN_ROLE,
    schema: changeMemberRoleSchema,
  },
  async (input, { viewer, db }) => {
    const member = await changeMemberRoleRow(db, viewer, input);
    revalidatePath("/settings");
    return { membershipId: member.membershipId, role: member.role };
  },
);

/** Removes another member from the admin's workspace. */
export const removeMember = createAction(
  {
    name: "remove-member",
    role: MEMBER_ADMIN_ROLE,
    schema: removeMemberSchema,
  },
  async (input, { viewer, db }) => {
    const member = await removeMemberRow(db, viewer, input);
    revalidatePath("/settings");
    return { membershipId: member.membershipId, email: member.email };
  },
);
