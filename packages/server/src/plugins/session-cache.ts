import type { SessionUser } from '@atscale/db';

/**
 * Sessions resumed in the last few seconds, by the hash of their token, so that a busy client
 * (a care navigator recording request after request) does not cost a database read on every
 * call: at the surge bench's rates the session read was a third of each request's statements.
 *
 * What it costs in freshness, and why that is acceptable: a sign-out through this server ends
 * the session here at once (`forget`). Everything else that ends a session or changes who it
 * is (a sign-out served by another server process, the idle or absolute end passing, a user
 * disabled or their roles changed in the database) takes effect within `ttlMs` (a couple of
 * seconds by default, ATSCALE_SESSION_CACHE_SECONDS; 0 turns the cache off). Only successful
 * look-ups are kept, so an unknown or ended token always reaches the database. System clients'
 * bearer tokens are not cached: their revocation counts on the next call.
 */
export class SessionCache {
  private readonly entries = new Map<
    string,
    { readonly user: SessionUser; readonly until: number }
  >();

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries = 10_000,
  ) {}

  /** The user of a session looked up less than `ttlMs` ago, or undefined. */
  get(tokenHash: string, now = Date.now()): SessionUser | undefined {
    const entry = this.entries.get(tokenHash);
    if (!entry) return undefined;
    if (entry.until > now) return entry.user;
    this.entries.delete(tokenHash);
    return undefined;
  }

  /** Keeps a session just read from the database (nothing when the cache is off). */
  set(tokenHash: string, user: SessionUser, now = Date.now()): void {
    if (this.ttlMs <= 0) return;
    this.entries.delete(tokenHash);
    if (this.entries.size >= this.maxEntries) {
      // The oldest entry goes first: a Map iterates in insertion order.
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
    this.entries.set(tokenHash, { user, until: now + this.ttlMs });
  }

  /** Drops a session, as its sign-out does. */
  forget(tokenHash: string): void {
    this.entries.delete(tokenHash);
  }
}
