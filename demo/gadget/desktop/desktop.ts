/**
 * The stand-in Finesse desktop (test equipment): owns the pair and rotates it on its own timer
 * (75 % of `expires_in`, through the token endpoint), holds the agent's ONE XMPP connection and
 * forwards its updates to the gadget through the ClientServices stand-in, and answers the
 * gadget's finesse.js stand-in (prefs, Config, header) from `window.__finesseContainer`.
 * Test equipment: `?user=agent1` picks the agent, `?locale=ja_JP` and `?drift=<ms>` set those
 * prefs.
 */
import { XmppClient } from '../../../src/core/notifications/xmpp-client.ts';
import type { WorkerEvent } from '../../../src/core/notifications/worker-protocol.ts';
import { buildConfigFromPrefs, initConfig, prefsFrom } from './config-from-prefs.ts';
import type { GadgetPrefs } from './config-from-prefs.ts';

interface Pair {
  token: string;
  refresh_token: string;
  expires_in: number;
  user_id: string;
}

type Handler = (data: unknown) => void;
type Config = Record<string, unknown>;

const params = new URLSearchParams(location.search);
const user = params.get('user') ?? 'agent1';
const SPEC = '/3rdpartygadget/files/finesse-sso/FinesseSSO.xml';

let pair: Pair | null = null;
let domains = { xmppDomain: '', pubsubDomain: '' };
const subscribers: Array<{ frame: Window; topic: string; handler: Handler }> = [];
/** Each gadget frame's `finesse.gadget.Config`, kept current with the access token. */
const configs: Config[] = [];
/** What tests read (never a token). */
const stats = {
  rotations: 0,
  refreshFailures: 0,
  headerReads: 0,
  initCalls: 0,
  updatesForwarded: 0,
  xmppConnects: 0,
  xmpp: 'connecting',
  /** Nodes gadgets asked the master connection to subscribe (`subscribeNode`). */
  nodeSubscriptions: [] as string[],
};
(window as unknown as { __desktop: typeof stats }).__desktop = stats;

const show = (id: string, text: string | number) => {
  const element = document.getElementById(id);
  if (element) element.textContent = String(text);
};

/**
 * The gadget prefs the desktop hands each gadget (Shindig passes them as strings). A real
 * Finesse on its own port: `hostPort` is this page's port, never the scheme's default.
 * `authorization`: what a desktop in SSO mode puts there is not published (see
 * src/core/gadget/config-user.ts); assumed here: base64 of "<id>:" (no password), so that
 * finesse.js's ClientServices.init finds the id the way it is published to.
 * `restHost`: as reachable from the gadget container's server, typically localhost; the
 * browser must not use it.
 */
function gadgetPrefs(): Record<string, string> {
  return {
    authorization: btoa(`${pair?.user_id ?? user}:`),
    country: 'US',
    language: (params.get('locale') ?? 'en_US').split('_')[0]!,
    locale: params.get('locale') ?? 'en_US',
    host: location.hostname,
    hostPort: location.port,
    extension: '',
    mobileAgentMode: '',
    mobileAgentDialNumber: '',
    xmppDomain: domains.xmppDomain,
    pubsubDomain: domains.pubsubDomain,
    restHost: 'localhost',
    scheme: location.protocol.replace(':', ''),
    localhostFQDN: '',
    localhostPort: '',
    teamId: '',
    teamName: '',
    clientDriftInMillis: params.get('drift') ?? '0',
  };
}

(window as unknown as { __finesseContainer: unknown }).__finesseContainer = {
  prefs: () => prefsFrom(gadgetPrefs()),
  buildConfig: (prefs: GadgetPrefs) => buildConfigFromPrefs(prefs),
  // finesse.js gives each gadget the current token and keeps it current (see rotate()).
  register: (_frame: Window, config: Config) => {
    configs.push(config);
    if (pair) config.authToken = pair.token;
  },
  // finesse.js 11.x in SSO mode: "Bearer " + the Config's authToken, else nothing.
  authHeader: (config: Config | undefined) => {
    stats.headerReads += 1;
    const token = config?.authToken;
    return typeof token === 'string' && token ? `Bearer ${token}` : '';
  },
  init: (_frame: Window, config: Config) => {
    stats.initCalls += 1;
    initConfig(config);
  },
  // As finesse.js's ClientServices: one callback per topic per frame (false when taken).
  subscribe: (frame: Window, topic: string, handler: Handler) => {
    if (subscribers.some((s) => s.frame === frame && s.topic === topic)) return false;
    subscribers.push({ frame, topic, handler });
    return true;
  },
  unsubscribe: (frame: Window, topic: string) => {
    const index = subscribers.findIndex((s) => s.frame === frame && s.topic === topic);
    if (index >= 0) subscribers.splice(index, 1);
  },
  subscribeNode: (node: string) => {
    stats.nodeSubscriptions.push(node);
  },
  adjustHeight: (frame: Window, height: number) => {
    const iframe = frame.frameElement as HTMLIFrameElement | null;
    if (iframe) iframe.style.height = `${Math.max(50, height)}px`;
  },
};

/** The desktop's own refresher: 75 % of the lifetime, POST to the token endpoint. */
function scheduleRefresh() {
  if (!pair) return;
  setTimeout(() => void refresh(), pair.expires_in * 750);
}

async function refresh() {
  if (!pair) return;
  try {
    const response = await fetch('/desktop/sso/token', {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token: pair.token, 'refresh-token': pair.refresh_token }),
      redirect: 'manual',
    });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    const next = (await response.json()) as Pair;
    pair = { ...next, refresh_token: next.refresh_token || pair.refresh_token };
    for (const config of configs) config.authToken = pair.token;
    stats.rotations += 1;
    show('rotations', stats.rotations);
  } catch {
    stats.refreshFailures += 1;
  }
  scheduleRefresh();
}

/**
 * Forwards one update to every gadget subscribed to its node's topic, as finesse.js's
 * MasterPublisher does: the topic in OpenAjax dot notation, the payload `{ content, object }`
 * with the raw event (node path, then the XML) as `content`.
 */
function publish(node: string, xml: string) {
  if (/^\/finesse\/api\/User\/[^/]+$/.test(node)) showAgentState(xml);
  const nodeTopic = node.replace(/^\//, '').replace(/\//g, '.');
  for (const { topic, handler } of [...subscribers]) {
    if (topic !== nodeTopic) continue;
    stats.updatesForwarded += 1;
    try {
      handler({ content: node + xml, object: {} });
    } catch {
      // a gadget's failure is its own
    }
  }
}

/** The header's state badge, as the Finesse desktop shows it (from a User update or read). */
function showAgentState(xml: string) {
  const state = /<state>([A-Z_]+)<\/state>/.exec(xml)?.[1];
  const badge = document.getElementById('agent-state');
  if (!state || !badge) return;
  badge.dataset['state'] = state;
  badge.textContent = state.replace(/_/g, ' ').toLowerCase();
}

/** The desktop's one XMPP connection; reconnects with the then-current token. */
function connectXmpp() {
  if (!pair) return;
  stats.xmppConnects += 1;
  const wsUrl = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws`;
  const client = new XmppClient(
    {
      createSocket: (url, protocol) => new WebSocket(url, protocol),
      now: () => Date.now(),
      setTimeout: (callback, ms) => setTimeout(callback, ms),
      clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
      emit: (event: WorkerEvent) => {
        if (event.type === 'update') publish(event.node, event.xml);
        else if (event.type === 'status') {
          stats.xmpp = event.phase;
          show('xmpp', event.phase);
        } else if (event.type === 'closed') {
          stats.xmpp = 'closed';
          show('xmpp', 'closed');
          setTimeout(connectXmpp, 1000);
        }
      },
    },
    {
      type: 'connect',
      url: wsUrl,
      domain: domains.xmppDomain,
      pubsubDomain: domains.pubsubDomain,
      loginId: pair.user_id,
      password: pair.token,
      resource: 'standin-desktop',
      pingMs: 15_000,
    },
  );
  client.start();
}

async function main() {
  const response = await fetch('/sim/container-pair', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ user }),
  });
  const answer = (await response.json()) as Pair & { xmppDomain: string; pubsubDomain: string };
  pair = {
    token: answer.token,
    refresh_token: answer.refresh_token,
    expires_in: answer.expires_in,
    user_id: answer.user_id,
  };
  domains = { xmppDomain: answer.xmppDomain, pubsubDomain: answer.pubsubDomain };
  show('user', pair.user_id);
  void fetch(`/finesse/api/User/${encodeURIComponent(pair.user_id)}`, {
    headers: { Authorization: `Bearer ${pair.token}` },
  })
    .then((r) => r.text())
    .then(showAgentState)
    .catch(() => undefined);
  scheduleRefresh();
  connectXmpp();
  const frame = document.createElement('iframe');
  frame.id = 'gadget';
  frame.title = 'Finesse SSO gadget';
  frame.src = `/gadgets/ifr?url=${encodeURIComponent(SPEC)}`;
  document.getElementById('gadgets')?.append(frame);
}

void main();
