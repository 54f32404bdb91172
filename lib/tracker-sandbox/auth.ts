import { createHmac, randomBytes, randomUUID } from "node:crypto";

import type { SandboxSettings } from "@/lib/tracker-sandbox/settings";

/** One JWT handed out by ExchangeToken. */
export type JwtSession = {
  databaseName: string;
  /** The access token exchanged for this JWT, also the rate-limit key. */
  accessToken: string;
  issuedAt: number;
  expiresAt: number;
  revoked: boolean;
};

export type JwtCheck =
  | { ok: true; session: JwtSession }
  | { ok: false; reason: "missing" | "unknown" | "expired" | "revoked" };

function base64url(value: string | Buffer): string {
  return Buffer.from(value).toString("base64url");
}

/**
 * Issues and checks JWT-shaped bearer tokens. The signature is real HMAC
 * so the tokens look like Tracker's, but validity comes from the session
 * table, so a revoked or expired session fails even with a good signature.
 */
export class JwtIssuer {
  private readonly secret = randomBytes(32);
  private readonly sessions = new Map<string, JwtSession>();
  private readonly liveByAccessToken = new Map<string, Set<string>>();

  issue(
    databaseName: string,
    accessToken: string,
    now: number,
    settings: SandboxSettings,
  ): { token: string; session: JwtSession } {
    if (settings.singleLiveJwt) this.revokeAccessToken(accessToken);

    const expiresAt = now + settings.jwtLifetimeSeconds * 1000;
    const header = base64url(JSON.stringify({ alg: "HS256", typ: "JWT" }));
    const payload = base64url(
      JSON.stringify({
        sub: databaseName,
        jti: randomUUID(),
        iat: Math.floor(now / 1000),
        exp: Math.floor(expiresAt / 1000),
      }),
    );
    const signature = createHmac("sha256", this.secret)
      .update(`${header}.${payload}`)
      .digest("base64url");
    const token = `${header}.${payload}.${signature}`;

    const session: JwtSession = {
      databaseName,
      accessToken,
      issuedAt: now,
      expiresAt,
      revoked: false,
    };
    this.sessions.set(token, session);
    const live = this.liveByAccessToken.get(accessToken) ?? new Set();
    live.add(token);
    this.liveByAccessToken.set(accessToken, live);
    return { token, session };
  }

  /** Looks up the session without judging it, for rate-limit accounting. */
  peek(token: string | null): JwtSession | undefined {
    return token ? this.sessions.get(token) : undefined;
  }

  check(token: string | null, now: number): JwtCheck {
    if (!token) return { ok: false, reason: "missing" };
    const session = this.sessions.get(token);
    if (!session) return { ok: false, reason: "unknown" };
    if (session.revoked) return { ok: false, reason: "revoked" };
    if (now >= session.expiresAt) return { ok: false, reason: "expired" };
    return { ok: true, session };
  }

  /** Revokes every live JWT issued for an access token. */
  revokeAccessToken(accessToken: string): number {
    const live = this.liveByAccessToken.get(accessToken);
    if (!live) return 0;
    for (const token of live) {
      const session = this.sessions.get(token);
      if (session) session.revoked = true;
    }
    this.liveByAccessToken.delete(accessToken);
    return live.size;
  }

  clear(): void {
    this.sessions.clear();
    this.liveByAccessToken.clear();
  }
}

export type RateDecision =
  | { allowed: true; remaining: number }
  | { allowed: false; retryAfterSeconds: number };

/**
 * Rolling-window limiter: each access token may make `limit` requests in
 * any window of `windowMs`. Only allowed requests count toward the limit.
 */
export class RateLimiter {
  private readonly hits = new Map<string, number[]>();

  take(key: string, now: number, settings: SandboxSettings): RateDecision {
    const limit = settings.rateLimitPerMinute;
    if (limit <= 0) return { allowed: true, remaining: Infinity };

    const windowStart = now - settings.rateLimitWindowMs;
    const times = this.hits.get(key) ?? [];
    let expired = 0;
    while (expired < times.length && times[expired]! <= windowStart) {
      expired++;
    }
    if (expired > 0) times.splice(0, expired);

    if (times.length >= limit) {
      // The oldest hit in the window leaves it first.
      const freeAt = times[0]! + settings.rateLimitWindowMs;
      const retryAfterSeconds = Math.max(1, Math.ceil((freeAt - now) / 1000));
      this.hits.set(key, times);
      return { allowed: false, retryAfterSeconds };
    }
    times.push(now);
    this.hits.set(key, times);
    return { allowed: true, remaining: limit - times.length };
  }

  clear(): void {
    this.hits.clear();
  }
}
