"use server";

import { AuthError } from "next-auth";

import { signIn } from "@/lib/auth";
import { getEnv } from "@/lib/env";
import { signInSchema, type SignInInput } from "@/lib/validations/auth";

export type SignInResult = { error: string } | { redirectTo: string };

function safeCallback(url: string | undefined): string {
  // Only same-site paths, so a crafted link cannot send users elsewhere.
  if (url && url.startsWith("/") && !url.startsWith("//")) return url;
  return "/integrations";
}

export async function signInWithPassword(
  input: SignInInput,
): Promise<SignInResult> {
  const parsed = signInSchema.safeParse(input);
  if (!parsed.success) {
    return { error: "Enter your email address and password." };
  }
  const redirectTo = safeCallback(parsed.data.callbackUrl);
  try {
    await signIn("credentials", {
      email: parsed.data.email,
      password: parsed.data.password,
      redirect: false,
    });
    return { redirectTo };
  } catch (error) {
    if (error instanceof AuthError) {
      const code = (error as AuthError & { code?: string }).code;
      if (code === "too_many_attempts") {
        return {
          error:
            "Too many failed sign-ins for this account or network. " +
            `Wait ${getEnv().SIGNIN_LOCK_MINUTES} minutes, then try again.`,
        };
      }
      return {
        error: "Wrong email or password. Check both and try again.",
      };
    }
    throw error;
  }
}
