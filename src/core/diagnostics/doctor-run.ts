import type { ChannelLike } from '../kernel/tab-channel.ts';
import { LIBRARY_VERSION } from '../kernel/version.ts';
import type { BrowserFacts, LockSnapshot, PopupTest } from './doctor-browser.ts';
import {
  checkBroadcastChannel,
  checkHistory,
  checkIndexedDb,
  checkPartitioning,
  checkPopups,
  checkRoster,
  checkWebLocks,
} from './doctor-browser.ts';
import type { Endpoint, PairTimes } from './doctor-server.ts';
import {
  checkAllowList,
  checkCertificates,
  checkClockSkew,
  checkCors,
  checkSsoMode,
  checkTokenLifetimes,
} from './doctor-server.ts';
import type { CheckResult, NetTools, Verdict } from './doctor-types.ts';
import type { HistoryEntry } from '../session/history.ts';
import type { RosterTab } from '../session/roster.ts';

/** What the administrator (or the page's query string) tells the doctor. */
export interface DoctorConfig {
  /** The Finesse node, e.g. `https://fin1.example.com:8445` (default: the page's origin). */
  finesseUrl: string;
  /** The notification service (`wss://fin1:7443/ws` or its `https://` origin); "" to skip. */
  notificationUrl?: string | null;
  /** Cisco IdS, e.g. `https://fin1.example.com:8553`; "" to skip. */
  idsUrl?: string | null;
  /** The desktop's origin, when it is not the Finesse origin (relay mode). */
  desktopOrigin?: string | null;
  /** The relay's `allowed-origins.json` (default `../relay/allowed-origins.json`). */
  allowListUrl?: string | null;
  /** The agent whose SSO mode is checked (default: the agent of the stored record). */
  username?: string | null;
}

/** The doctor's view of the world; `browserDoctorEnv` builds the real one, tests their own. */
export interface DoctorEnv {
  /** This page's URL (the allow-list's default address is relative to it). */
  pageUrl: string;
  pageOrigin: string;
  net: NetTools;
  browser: BrowserFacts;
  /** The stored pair's times (never the pair), or null when none. */
  readPair: () => Promise<PairTimes | null>;
  /** A pair measured by a sign-in the doctor made (its times only). */
  measuredPair?: PairTimes | null;
  readHistory: () => Promise<HistoryEntry[]>;
  openRosterChannel: () => ChannelLike | null;
  queryLocks: (() => Promise<LockSnapshot>) | null;
  rosterWaitMs: number;
  randomId: () => string;
  /** Gadget mode: the desktop's `clientDriftInMillis`; null elsewhere. */
  gadgetDriftMs: number | null;
  popupTest: PopupTest;
  /** The origin of the page that frames this one (another site), or null. */
  framedBy: string | null;
}

/** The ports an agent's browser talks to. Without configuration: 8445, 7443 and 8553 of an https host. */
export function endpointsFor(config: DoctorConfig): Endpoint[] {
  const finesse = new URL(config.finesseUrl);
  const out: Endpoint[] = [{ role: 'finesse', origin: finesse.origin, configured: true }];
  const add = (role: Endpoint['role'], value: string | null | undefined, port: string) => {
    if (value === '') return;
    if (value) {
      const url = new URL(value, config.finesseUrl);
      url.protocol =
        url.protocol === 'wss:' ? 'https:' : url.protocol === 'ws:' ? 'http:' : url.protocol;
      const origin = `${url.protocol}//${url.host}`;
      if (!out.some((e) => e.origin === origin)) out.push({ role, origin, configured: true });
    } else if (finesse.protocol === 'https:') {
      const origin = `https://${finesse.hostname}:${port}`;
      if (!out.some((e) => e.origin === origin)) out.push({ role, origin, configured: false });
    }
  };
  add('notifications', config.notificationUrl, '7443');
  add('ids', config.idsUrl, '8553');
  return out;
}

/**
 * Runs every check, in order, calling `onResult` as each one ends (the page fills in as it
 * goes). Never throws: a check that fails to run is reported as a warning of its own.
 */
export async function runDoctor(
  config: DoctorConfig,
  env: DoctorEnv,
  onResult: (results: CheckResult[]) => void = () => undefined,
): Promise<CheckResult[]> {
  const results: CheckResult[] = [];
  const push = (...more: CheckResult[]) => {
    results.push(...more);
    onResult([...results]);
  };
  const desktop = config.desktopOrigin || null;
  const pair = env.measuredPair ?? (await env.readPair().catch(() => null));
  const username = config.username || pair?.user || null;
  const history = await env.readHistory().catch(() => null);
  push(await checkSsoMode(env.net, config.finesseUrl, username));
  push(checkTokenLifetimes(pair, env.net.clock.now()));
  push(await checkClockSkew(env.net, config.finesseUrl, env.gadgetDriftMs));
  push(...(await checkCertificates(env.net, endpointsFor(config), env.pageOrigin)));
  push(await checkCors(env.net, config.finesseUrl, env.pageOrigin, desktop));
  const allowList =
    config.allowListUrl || new URL('../relay/allowed-origins.json', env.pageUrl).href;
  push(await checkAllowList(env.net, allowList, desktop));
  push(await checkIndexedDb(env.browser));
  push(checkWebLocks(env.browser), checkBroadcastChannel(env.browser), checkPopups(env.popupTest));
  push(
    checkPartitioning({
      finesseUrl: config.finesseUrl,
      desktopOrigin: desktop,
      framedBy: env.framedBy,
    }),
  );
  const channel = env.openRosterChannel();
  try {
    push(
      await checkRoster({
        channel,
        clock: env.net.clock,
        waitMs: env.rosterWaitMs,
        id: env.randomId(),
        queryLocks: env.queryLocks,
      }),
    );
  } finally {
    channel?.close();
  }
  push(checkHistory(history));
  return results;
}

/** Counts of each verdict. */
export function tally(results: readonly CheckResult[]): Record<Verdict, number> {
  const out: Record<Verdict, number> = { pass: 0, warn: 0, fail: 0 };
  for (const r of results) out[r.verdict]++;
  return out;
}

/** What an administrator attaches to a support case: results, history and tabs, no secret. */
export interface SupportBundle {
  kind: 'finesse-sso-doctor';
  version: 1;
  library: string;
  createdAt: string;
  page: { origin: string; userAgent: string; language: string };
  config: DoctorConfig;
  summary: Record<Verdict, number>;
  results: Array<Omit<CheckResult, 'tabs' | 'history'>>;
  tabs: RosterTab[];
  history: HistoryEntry[];
}

export function supportBundle(
  results: readonly CheckResult[],
  context: { config: DoctorConfig; now: number; page: SupportBundle['page'] },
): SupportBundle {
  const roster = results.find((r) => r.id === 'tab-roster');
  const history = results.find((r) => r.id === 'refresh-history');
  return {
    kind: 'finesse-sso-doctor',
    version: 1,
    library: LIBRARY_VERSION,
    createdAt: new Date(context.now).toISOString(),
    page: context.page,
    config: context.config,
    summary: tally(results),
    results: results.map(({ id, verdict, finding, facts }) => ({ id, verdict, finding, facts })),
    tabs: roster?.tabs ?? [],
    history: history?.history ?? [],
  };
}

/**
 * The bundle as JSON text. Nothing in it was read from a token field; as a last guard any
 * `secrets` (the stored pair, read just before) that still appear are replaced.
 */
export function bundleJson(bundle: SupportBundle, secrets: readonly string[] = []): string {
  let text = JSON.stringify(bundle, null, 2);
  for (const secret of secrets) {
    if (secret.length >= 8) text = text.split(secret).join('[removed]');
  }
  return text;
}

/** `finesse-sso-doctor-2026-12-06T22-40-00Z.json` */
export const bundleFileName = (now: number) =>
  `finesse-sso-doctor-${new Date(now)
    .toISOString()
    .replace(/\.\d+Z$/, 'Z')
    .replace(/:/g, '-')}.json`;
