import { describe, expect, it } from 'vitest';
import type { SessionUser } from '@atscale/db';
import { SessionCache } from './session-cache.js';

const user = (userId: string): SessionUser => ({
  userId,
  orgId: 'org',
  email: `${userId}@atscale.test`,
  displayName: userId,
  grants: [{ role: 'care-navigator', practiceId: 'practice' }],
});

describe('SessionCache', () => {
  it('keeps a session for its time and no longer', () => {
    const cache = new SessionCache(2000);
    cache.set('a', user('a'), 10_000);
    expect(cache.get('a', 11_999)?.userId).toBe('a');
    expect(cache.get('a', 12_000)).toBeUndefined();
    // Once lapsed it is gone, even if asked about with an earlier clock.
    expect(cache.get('a', 10_000)).toBeUndefined();
  });

  it('forgets a session at once on sign-out', () => {
    const cache = new SessionCache(2000);
    cache.set('a', user('a'), 0);
    cache.forget('a');
    expect(cache.get('a', 1)).toBeUndefined();
  });

  it('keeps nothing when turned off', () => {
    const cache = new SessionCache(0);
    cache.set('a', user('a'), 0);
    expect(cache.get('a', 0)).toBeUndefined();
  });

  it('drops the oldest session when full', () => {
    const cache = new SessionCache(2000, 2);
    cache.set('a', user('a'), 0);
    cache.set('b', user('b'), 0);
    cache.set('a', user('a'), 1); // refreshed: now the newest
    cache.set('c', user('c'), 2);
    expect(cache.get('b', 3)).toBeUndefined();
    expect(cache.get('a', 3)?.userId).toBe('a');
    expect(cache.get('c', 3)?.userId).toBe('c');
  });
});
