"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";

import {
  AlertDialog,
  AlertDialogCancel,
  AlertDialogContent,
  AlertDialogDescription,
  AlertDialogFooter,
  AlertDialogHeader,
  AlertDialogTitle,
  AlertDialogTrigger,
} from "@/components/ui/alert-dialog";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { NativeSelect } from "@/components/ui/native-select";
import {
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
} from "@/components/ui/table";
import type { Role } from "@/db/schema";
import { useSingleFlight } from "@/lib/actions/form-helpers";
import { changeMemberRole, removeMember } from "@/lib/actions/members";
import { ROLE_LABELS, ROLES } from "@/lib/validations/member";

/** One row of the members list, with the date already formatted. */
export type MemberRow = {
  membershipId: string;
  userId: string;
  name: string | null;
  email: string;
  role: Role;
  addedOn: string;
  addedAt: string;
};

/**
 * Lists the workspace's members. With canManage, each row gets a role
 * picker and every row but the user's own gets a Remove button. The
 * server checks the role again either way.
 */
export function MembersTable({
  members,
  currentUserId,
  canManage,
}: {
  members: MemberRow[];
  currentUserId: string;
  canManage: boolean;
}) {
  return (
    <Table aria-label="Members">
      <TableHeader>
        <TableRow>
          <TableHead>Name</TableHead>
          <TableHead>Email</TableHead>
          <TableHead>Role</TableHead>
          <TableHead>Added</TableHead>
          {canManage ? (
            <TableHead>
              <span className="sr-only">Actions</span>
            </TableHead>
          ) : null}
        </TableRow>
      </TableHeader>
      <TableBody>
        {members.map((member) => {
          const isSelf = member.userId === currentUserId;
          return (
            <TableRow key={member.membershipId} data-testid="member-row">
              <TableCell className="font-medium">
                {member.name ?? "—"}
                {isSelf ? (
                  <Badge variant="secondary" className="ml-2">
                    You
                  </Badge>
                ) : null}
              </TableCell>
              <TableCell>{member.email}</TableCell>
              <TableCell>
                {canManage ? (
                  <RoleForm
                    key={`${member.membershipId}-${member.role}`}
                    member={member}
                  />
                ) : (
                  ROLE_LABELS[member.role]
                )}
              </TableCell>
              <TableCell>
                <time dateTime={member.addedAt}>{member.addedOn}</time>
              </TableCell>
              {canManage ? (
                <TableCell className="text-right">
                  {isSelf ? (
                    <span className="text-sm text-muted-foreground">
                      To leave, ask another admin to remove you.
                    </span>
                  ) : (
                    <RemoveMemberDialog member={member} />
                  )}
                </TableCell>
              ) : null}
            </TableRow>
          );
        })}
      </TableBody>
    </Table>
  );
}

/**
 * Changes a member's role only when its Save button is pressed, so moving
 * through the options with the keyboard never changes a role by accident.
 */
function RoleForm({ member }: { member: MemberRow }) {
  const router = useRouter();
  const [role, setRole] = useState<Role>(member.role);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const selectId = `role-${member.membershipId}`;
  const errorId = `${selectId}-error`;

  const save = useSingleFlight(async () => {
    setPending(true);
    setError(null);
    try {
      const result = await changeMemberRole({
        membershipId: member.membershipId,
        role,
      });
      if (!result.ok) {
        setError(result.formError ?? "Changing the role failed; try again.");
        setRole(member.role);
        return;
      }
      router.refresh();
    } finally {
      setPending(false);
    }
  });

  return (
    <div className="space-y-1">
      <div className="flex items-center gap-2">
        <NativeSelect
          id={selectId}
          aria-label={`Role of ${member.email}`}
          aria-invalid={!!error}
          aria-describedby={error ? errorId : undefined}
          className="w-36"
          value={role}
          disabled={pending}
          onChange={(event) => setRole(event.target.value as Role)}
        >
          {ROLES.map((option) => (
            <option key={option} value={option}>
              {ROLE_LABELS[option]}
            </option>
          ))}
        </NativeSelect>
        {role !== member.role ? (
          <Button size="sm" disabled={pending} onClick={() => void save()}>
            {pending ? "Saving…" : "Save role"}
          </Button>
        ) : null}
      </div>
      {error ? (
        <p id={errorId} role="alert" className="text-sm text-destructive">
          {error}
        </p>
      ) : null}
    </div>
  );
}

/** Confirms, then removes the member from this workspace only. */
function RemoveMemberDialog({ member }: { member: MemberRow }) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const label = member.name ?? member.email;

  const confirm = useSingleFlight(async () => {
    setPending(true);
    setError(null);
    try {
      const result = await removeMember({ membershipId: member.membershipId });
      if (!result.ok) {
        setError(result.formError ?? "Removing failed; try again.");
        return;
      }
      setOpen(false);
      router.refresh();
    } finally {
      setPending(false);
    }
  });

  return (
    <AlertDialog
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        if (!next) setError(null);
      }}
    >
      <AlertDialogTrigger asChild>
        <Button
          variant="outline"
          size="sm"
          aria-label={`Remove ${member.email}`}
        >
          Remove
        </Button>
      </AlertDialogTrigger>
      <AlertDialogContent>
        <AlertDialogHeader>
          <AlertDialogTitle>
            Remove {label} from the workspace?
          </AlertDialogTitle>
          <AlertDialogDescription>
            {member.email} loses access to this workspace on their next page
            load. Their account stays, so you can add them again later, and
            their other workspaces are not affected.
          </AlertDialogDescription>
        </AlertDialogHeader>
        {error ? (
          <p className="text-sm text-destructive" role="alert">
            {error}
          </p>
        ) : null}
        <AlertDialogFooter>
          <AlertDialogCancel disabled={pending}>Keep member</AlertDialogCancel>
          <Button
            variant="destructive"
            disabled={pending}
            onClick={() => void confirm()}
          >
            {pending ? "Removing…" : "Remove member"}
          </Button>
        </AlertDialogFooter>
      </AlertDialogContent>
    </AlertDialog>
  );
}
