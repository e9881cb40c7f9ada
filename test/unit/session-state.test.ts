import { expect } from '@open-wc/testing';
import type { SessionRecord } from '../../src/core/session/record.ts';
import { deriveState, nextWakeAt } from '../../src/core/session/session-state.ts';
import { DEFAULT_TIMING } from '../../src/core/session/timing.ts';

const record = (overrides: Partial<SessionRecord> = {}): SessionRecord => ({
  v: 1,
  key: 'c|agent1',
  cluster: 'c',
  userId: 'agent1',
  realm: '',
  userPrincipal: '',
  sessionId: 's',
  generation: 0,
  token: 't',
  refreshToken: 'r',
  issuedAt: 0,
  refreshAt: 75_000,
  expiresAt: 100_000,
  storedBy: 'tab',
  ...overrides,
});
const view = (now: number, r: SessionRecord | undefined, extra = {}) => ({
  record: r,
  now,
  signingIn: false,
  refreshingHere: false,
  signingInUntil: [] as number[],
  ...extra,
});

describe('nextWakeAt', () => {
  it('wakes when the refresh falls due, never later than the longest step', () => {
    expect(nextWakeAt(view(60_000, record()), DEFAULT_TIMING)).to.equal(75_000);
    expect(nextWakeAt(view(0, record()), DEFAULT_TIMING)).to.equal(30_000);
  });

  it('does not re-fire at a past due time while this tab refreshes (no hot loop)', () => {
    const at = nextWakeAt(view(80_000, record(), { refreshingHere: true }), DEFAULT_TIMING);
    expect(at).to.equal(100_000);
    expect(nextWakeAt(view(80_000, record()), DEFAULT_TIMING)).to.equal(80_000);
  });

  it("wakes when another tab's heartbeat would go stale, and when a retry is due", () => {
    const beating = record({ heartbeat: { tabId: 'x', at: 76_000 } });
    expect(nextWakeAt(view(76_500, beating, { refreshingHere: true }), DEFAULT_TIMING)).to.equal(
      82_001,
    );
    const retrying = record({
      failure: { code: 'network', attempts: 1, retryAt: 77_000, outcomeUnknown: true },
    });
    expect(nextWakeAt(view(76_000, retrying), DEFAULT_TIMING)).to.equal(77_000);
  });
});

describe('deriveState', () => {
  it('maps the record and the tab to the DESIGN.md states', () => {
    expect(deriveState(view(0, undefined), DEFAULT_TIMING)).to.equal('signed-out');
    expect(deriveState(view(0, undefined, { signingIn: true }), DEFAULT_TIMING)).to.equal(
      'signing-in',
    );
    expect(deriveState(view(0, record()), DEFAULT_TIMING)).to.equal('active');
    expect(
      deriveState(view(0, record({ heartbeat: { tabId: 'x', at: 0 } })), DEFAULT_TIMING),
    ).to.equal('refreshing');
    expect(
      deriveState(view(60_000, record({ heartbeat: { tabId: 'x', at: 0 } })), DEFAULT_TIMING),
    ).to.equal('active');
    const failure = { code: 'network' as const, attempts: 1, retryAt: 1, outcomeUnknown: false };
    expect(deriveState(view(0, record({ failure })), DEFAULT_TIMING)).to.equal('offline');
    // Past expiry with nothing refused and nobody refreshing: offline (expired), not active.
    expect(deriveState(view(100_000, record()), DEFAULT_TIMING)).to.equal('offline');
    expect(deriveState(view(100_000, record(), { refreshingHere: true }), DEFAULT_TIMING)).to.equal(
      'refreshing',
    );
    const needsSignIn = { code: 'refresh-rejected' as const, at: 0 };
    expect(deriveState(view(0, record({ needsSignIn })), DEFAULT_TIMING)).to.equal('needs-sign-in');
    expect(
      deriveState(
        view(0, record({ signedOut: { at: 0, by: 'x' }, token: undefined })),
        DEFAULT_TIMING,
      ),
    ).to.equal('signed-out');
  });
});
