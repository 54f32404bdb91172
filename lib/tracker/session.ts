import type { Logger } from "pino";

import {
  TrackerAuthError,
  TrackerInvalidResponseError,
  TrackerUnavailableError,
} from "./errors";
import { summarizeIssues } from "./fields";
import { exchangeTokenUrl, type TrackerEndpoint } from "./hosts";
import type { JwtStore, StoredJwt } from "./jwt-store";
import { parseTrackerTimestamp } from "./local-time";
import { sleep } from "./retry";
import { exchangeTokenSchema } from "./schemas";
import { assertSuccess, jsonBody } from "./replies";
import type { HttpReply, HttpRequest, Transport } from "./transport";

/**
 * Holds the JWT for one client: exchanges the access token when there is
 * no usable JWT, and once more when Tracker returns 401. Exchanges are
 * serialized through the JWT store's lock, and the store is re-read after
 * the lock is taken, because Tracker keeps one live JWT per access token
 * and an exchange by one caller kills the JWT of every other.
 */

export type SessionOptions = {
  endpoint: TrackerEndpoint;
  accessToken: string;
  timeZone: string;
  store: JwtStore;
  transport: Transport;
  logger: Logger;
  /** Exchange again when the JWT expires within this many milliseconds. */
  refreshMarginMs: number;
  /** Maximum wait for another caller's exchange before giving up. */
  lockWaitMs: number;
};

// Used when Tracker sends no readable expiry: long enough to avoid an
// exchange per request, and a 401 still triggers a new exchange.
const FALLBACK_LIFETIME_MS = 24 * 3_600_000;

type Fresh = StoredJwt & { exchangedHere: boolean };

export class TrackerSession {
  private cached?: StoredJwt;
  private pending?: Promise<Fresh>;

  constructor(private readonly options: SessionOptions) {}

  /**
   * Exchanges the access token now, under the exchange lock, and stores
   * the new JWT for later requests. Returns only the expiry, so the JWT
   * itself never leaves the client.
   */
  async exchangeNow(signal?: AbortSignal): Promise<{ expiresAt: Date }> {
    const fresh = await this.refreshUnderLock(undefined, signal, true);
    return { expiresAt: fresh.expiresAt };
  }

  private async requestJwt(signal?: AbortSignal): Promise<StoredJwt> {
    const details = { operation: "exchangeToken" };
    const reply = await this.options.transport.send({
      ...details,
      method: "POST",
      url: exchangeTokenUrl(this.options.endpoint),
      body: { bearerToken: this.options.accessToken },
      idempotent: true,
      signal,
    });
    if (reply.status === 401 || reply.status === 403) {
      throw new TrackerAuthError({ ...details, status: reply.status });
    }
    assertSuccess(reply, details);

    const parsed = exchangeTokenSchema.safeParse(jsonBody(reply, details));
    if (!parsed.success) {
      throw new TrackerInvalidResponseError(
        { ...details, status: reply.status },
        summarizeIssues(parsed.error),
      );
    }
    const jwt = parsed.data.token;
    const expiresAt = this.expiryOf(jwt, parsed.data.expiration);
    this.options.logger.info(
      { expiresAt: expiresAt.toISOString() },
      "Tracker access token exchanged for a JWT",
    );
    return { jwt, expiresAt };
  }

  /**
   * Sends a request with the JWT. On 401 it gets a JWT other than the one
   * rejected (another caller's newer one, or a fresh exchange) and retries.
   * A 401 with a JWT exchanged after an earlier 401 means the access token
   * is dead: TrackerAuthError.
   */
  async send(request: Omit<HttpRequest, "bearer">): Promise<HttpReply> {
    let current = await this.currentJwt(request.signal);
    // At most two refreshes: the first may pick up a JWT another caller
    // exchanged, which can be killed again before use.
    for (let round = 0; ; round += 1) {
      const reply = await this.options.transport.send({
        ...request,
        bearer: current.jwt,
      });
      if (reply.status !== 401) return reply;

      const freshAfter401 = round >= 1 && current.exchangedHere;
      if (freshAfter401 || round >= 2) {
        throw new TrackerAuthError({
          operation: request.operation,
          id: request.id,
          status: 401,
        });
      }
      this.options.logger.info(
        { operation: request.operation, id: request.id },
        "Tracker rejected the JWT (401); getting a new one",
      );
      current = await this.refresh(current.jwt, request.signal);
    }
  }

  private async currentJwt(signal?: AbortSignal): Promise<Fresh> {
    if (this.cached && this.isUsable(this.cached)) {
      return { ...this.cached, exchangedHere: false };
    }
    return this.refresh(this.cached?.jwt, signal);
  }

  /**
   * Returns a usable JWT other than `stale`. Concurrent calls on this
   * instance share one refresh unless it yields their stale JWT.
   */
  private async refresh(
    stale: string | undefined,
    signal?: AbortSignal,
  ): Promise<Fresh> {
    if (this.pending) {
      const shared = await this.pending;
      if (shared.jwt !== stale) return shared;
    }
    this.pending ??= this.refreshUnderLock(stale, signal).finally(() => {
      this.pending = undefined;
    });
    return this.pending;
  }

  /** With `force`, exchanges even when the stored JWT is usable. */
  private async refreshUnderLock(
    stale: string | undefined,
    signal?: AbortSignal,
    force = false,
  ): Promise<Fresh> {
    const { store } = this.options;
    const giveUpAt = Date.now() + this.options.lockWaitMs;

    for (;;) {
      const stored = force ? undefined : await this.readUsable(store, stale);
      if (stored) return stored;

      const lockId = await store.tryLock();
      if (lockId) {
        try {
          // Another caller may have finished an exchange just before.
          const again = force ? undefined : await this.readUsable(store, stale);
          if (again) return again;
          const fresh = await this.requestJwt(signal);
          await store.write(fresh);
          this.cached = fresh;
          return { ...fresh, exchangedHere: true };
        } finally {
          await store.unlock(lockId);
        }
      }

      if (Date.now() > giveUpAt) {
        throw new TrackerUnavailableError(
          { operation: "exchangeToken" },
          `another process held the token exchange lock for over ` +
            `${Math.round(this.options.lockWaitMs / 1000)} s`,
        );
      }
      await sleep(100 + Math.floor(Math.random() * 100), signal);
    }
  }

  private async readUsable(
    store: JwtStore,
    stale: string | undefined,
  ): Promise<Fresh | undefined> {
    const stored = await store.read();
    if (!stored || stored.jwt === stale || !this.isUsable(stored)) {
      return undefined;
    }
    this.cached = stored;
    return { ...stored, exchangedHere: false };
  }

  private isUsable(value: StoredJwt): boolean {
    const remaining = value.expiresAt.getTime() - Date.now();
    return remaining > this.options.refreshMarginMs;
  }

  /**
   * Returns the JWT's expiry: Tracker's `expiration` (read in the
   * database's zone when it has no offset), else the JWT's own `exp`
   * claim, else a day from now.
   */
  private expiryOf(jwt: string, expiration: string | null | undefined): Date {
    const now = Date.now();
    const stated = expiration
      ? parseTrackerTimestamp(expiration, this.options.timeZone)
      : undefined;
    if (stated && stated.getTime() > now) return stated;

    const claim = readExpClaim(jwt);
    if (claim && claim.getTime() > now) return claim;

    this.options.logger.warn(
      "Tracker sent no readable JWT expiry; assuming it lasts a day",
    );
    return new Date(now + FALLBACK_LIFETIME_MS);
  }
}

function readExpClaim(jwt: string): Date | undefined {
  const payload = jwt.split(".")[1];
  if (!payload) return undefined;
  try {
    const claims = JSON.parse(Buffer.from(payload, "base64url").toString());
    return typeof claims.exp === "number"
      ? new Date(claims.exp * 1000)
      : undefined;
  } catch {
    return undefined;
  }
}
