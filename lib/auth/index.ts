import { DrizzleAdapter } from "@auth/drizzle-adapter";
import NextAuth, { CredentialsSignin, type NextAuthConfig } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { eq } from "drizzle-orm";
import { z } from "zod";

import { getDb } from "@/db";
import { accounts, sessions, users, verificationTokens } from "@/db/schema";
import { getEnv } from "@/lib/env";
import { getLogger } from "@/lib/logger";

import { getDecoyHash, verifyPassword } from "./password";
import {
  clearFailures,
  lockedUntil,
  recordFailure,
  throttleKeys,
} from "./throttle";

export class InvalidCredentials extends CredentialsSignin {
  code = "invalid_credentials";
}

export class TooManyAttempts extends CredentialsSignin {
  code = "too_many_attempts";
}

const credentialsSchema = z.object({
  email: z.string().trim().toLowerCase().email(),
  password: z.string().min(1),
});

function clientAddress(request: Request | undefined): string | undefined {
  const forwarded = request?.headers.get("x-forwarded-for");
  const first = forwarded?.split(",")[0]?.trim();
  return first || request?.headers.get("x-real-ip") || undefined;
}

async function authorizeCredentials(
  raw: Partial<Record<string, unknown>>,
  request: Request | undefined,
) {
  const log = getLogger("auth");
  const parsed = credentialsSchema.safeParse(raw);
  if (!parsed.success) throw new InvalidCredentials();
  const { email, password } = parsed.data;

  const db = await getDb();
  const keys = throttleKeys(email, clientAddress(request));
  if (await lockedUntil(db, keys)) {
    log.warn({ email }, "sign-in rejected: too many failed attempts");
    throw new TooManyAttempts();
  }

  const [user] = await db.select().from(users).where(eq(users.email, email));
  const valid = await verifyPassword(
    password,
    user?.passwordHash ?? (await getDecoyHash()),
  );
  if (!user?.passwordHash || !valid) {
    await recordFailure(db, keys);
    log.info({ email }, "sign-in failed: wrong email or password");
    throw new InvalidCredentials();
  }

  await clearFailures(db, email);
  log.info({ userId: user.id }, "signed in with password");
  return { id: user.id, email: user.email, name: user.name };
}

async function buildConfig(): Promise<NextAuthConfig> {
  const env = getEnv();
  const db = await getDb();
  const providers: NextAuthConfig["providers"] = [
    Credentials({
      credentials: { email: {}, password: {} },
      authorize: (raw, request) => authorizeCredentials(raw, request),
    }),
  ];
  if (env.oidcEnabled) {
    providers.push({
      id: "oidc",
      name: env.OIDC_DISPLAY_NAME,
      type: "oidc",
      issuer: env.OIDC_ISSUER,
      clientId: env.OIDC_CLIENT_ID,
      clientSecret: env.OIDC_CLIENT_SECRET,
    });
  }

  return {
    secret: env.AUTH_SECRET,
    trustHost: true,
    adapter: DrizzleAdapter(db, {
      usersTable: users,
      accountsTable: accounts,
      sessionsTable: sessions,
      verificationTokensTable: verificationTokens,
    } as never),
    // Credentials sign-in only works with JWT sessions in Auth.js.
    session: { strategy: "jwt", maxAge: 7 * 24 * 60 * 60 },
    pages: { signIn: "/sign-in", error: "/sign-in" },
    providers,
    callbacks: {
      jwt({ token, user }) {
        if (user?.id) token.sub = user.id;
        return token;
      },
      session({ session, token }) {
        if (token.sub) session.user.id = token.sub;
        return session;
      },
    },
    logger: {
      error: (error) => {
        // Failed credentials are logged by authorizeCredentials already.
        const type = (error as Error & { type?: string }).type;
        if (type === "CredentialsSignin") return;
        getLogger("auth").error({ type }, error.message);
      },
      warn: (code) => getLogger("auth").warn({ code }, "auth.js warning"),
      debug: () => {},
    },
  };
}

export const { handlers, auth, signIn, signOut } = NextAuth(buildConfig);
