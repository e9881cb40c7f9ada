/**
 * The relay page's script (`dist/relay/relay.js`, a classic self-contained script; the page has
 * no inline script). It runs on the Finesse origin inside the desktop's `<finesse-sso-session>`
 * and is the one place a token crosses an origin, so:
 * - it accepts only messages whose `source` is `window.parent`, from an origin listed exactly
 *   in `allowed-origins.json` (fetched from its own folder with `no-store`; missing or
 *   malformed allows nobody; `"null"` never), carrying the nonce from its own URL fragment;
 * - it replies only to that exact origin, echoing the nonce;
 * - a site not allowed gets no message at all: the frame says so itself (and holds one empty
 *   child frame, the only signal the element can read across origins);
 * - tokens live in this page's memory only, for the time of one request.
 */
import { systemClock } from '../core/kernel/clock.ts';
import { FinesseError } from '../core/kernel/errors.ts';
import { TOKEN_PATH, tokenUrl } from '../core/ids/finesse-token-source.ts';
import { openPopupAndReadJson } from '../core/ids/popup.ts';
import { readRefreshResponse, transportError } from '../core/ids/refresh-response.ts';
import { parseTokenAnswer } from '../core/ids/token-answer.ts';
import type { TokenAnswer } from '../core/session/types.ts';
import type { FromRelay, RelayView, WireAnswer } from '../core/relay/protocol.ts';
import {
  RELAY_NS,
  THEME_KEYS,
  hasNonce,
  originAllowed,
  parseAllowList,
  parseFragment,
} from '../core/relay/protocol.ts';
import { LIBRARY_VERSION } from '../core/kernel/version.ts';
import { RELAY_STRINGS } from './strings.ts';

type Outgoing = FromRelay extends infer M
  ? M extends { nonce: string }
    ? Omit<M, 'ns' | 'nonce'>
    : never
  : never;

const REFRESH_TIMEOUT_MS = 30_000;

const params = parseFragment(location.hash);
const t = RELAY_STRINGS[params.lang as 'en' | 'ja' | 'ko'];
document.documentElement.lang = params.lang;
const rootStyle = document.documentElement.style;
for (const key of THEME_KEYS) {
  const value = params.theme[key];
  if (value) rootStyle.setProperty(`--relay-${key}`, value);
}

/** The desktop's origin once the handshake succeeded; nothing is sent before. */
let peer: string | null = null;
let view: RelayView = 'signed-out';
let username: string | null = null;
let error = '';
let refused = false;

const allowList: Promise<string[]> = fetch(new URL('allowed-origins.json', location.href), {
  cache: 'no-store',
  credentials: 'same-origin',
  redirect: 'error',
})
  .then((response) => (response.ok ? response.text() : null))
  .then(parseAllowList, () => []);

function wire(answer: TokenAnswer): WireAnswer {
  const out: WireAnswer = {
    token: answer.token,
    expires_in: answer.expiresIn,
    user_id: answer.userId,
    realm: answer.realm,
    user_principal: answer.userPrincipal,
  };
  if (answer.refreshToken) out.refresh_token = answer.refreshToken;
  return out;
}

function reply(message: Outgoing): void {
  if (!peer) return;
  window.parent.postMessage({ ns: RELAY_NS, nonce: params.nonce, ...message }, peer);
}

function refuse(): void {
  if (refused) return;
  refused = true;
  // The one cross-origin-readable signal: the element sees `frames.length === 1`.
  const marker = document.createElement('iframe');
  marker.hidden = true;
  marker.title = 'not allowed';
  document.body.append(marker);
  render();
}

async function onMessage(event: MessageEvent): Promise<void> {
  if (event.source !== window.parent || window.parent === window) return;
  if (!params.nonce || !hasNonce(event.data, params.nonce)) return;
  const origin = event.origin;
  if (peer !== null) {
    if (origin !== peer) return;
  } else {
    if (event.data.type !== 'hello') return;
    if (!originAllowed(origin, await allowList)) return refuse();
    if (peer !== null) return; // two hellos raced; the first one won
    peer = origin;
    if (event.data.version !== LIBRARY_VERSION || params.version !== LIBRARY_VERSION) {
      reply({ type: 'version-mismatch', version: LIBRARY_VERSION });
      peer = null;
      refused = true;
      error = t.versionMismatch;
      return render();
    }
    reply({ type: 'ready', version: LIBRARY_VERSION });
    return render();
  }
  const data = event.data;
  if (data.type === 'view') {
    const next = data.view;
    if (
      next === 'signed-out' ||
      next === 'signing-in' ||
      next === 'active' ||
      next === 'needs-sign-in'
    ) {
      view = next;
      username = typeof data.username === 'string' && data.username ? data.username : null;
      if (view === 'active') error = '';
      render();
    }
  } else if (data.type === 'refresh') {
    await refresh(String(data.id), data.token, data.refreshToken);
  }
}

async function refresh(id: string, token: unknown, refreshToken: unknown): Promise<void> {
  if (typeof token !== 'string' || typeof refreshToken !== 'string') {
    return reply({ type: 'refresh-failed', id, code: 'token-answer-invalid' });
  }
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), REFRESH_TIMEOUT_MS);
  try {
    let response: Response;
    try {
      response = await fetch(new URL(TOKEN_PATH, location.origin), {
        method: 'POST',
        body: new URLSearchParams({ token, 'refresh-token': refreshToken }),
        redirect: 'manual',
        credentials: 'same-origin',
        cache: 'no-store',
        signal: controller.signal,
      });
    } catch (cause) {
      throw transportError(cause, controller.signal.aborted);
    }
    const answer = await readRefreshResponse(response);
    reply({ type: 'refreshed', id, answer: wire(answer) });
  } catch (failure) {
    const code = failure instanceof FinesseError ? failure.code : 'network';
    const status = failure instanceof FinesseError ? failure.details.status : undefined;
    reply(
      status === undefined
        ? { type: 'refresh-failed', id, code }
        : { type: 'refresh-failed', id, code, status },
    );
  } finally {
    clearTimeout(timer);
  }
}

/** The click handler: opens the popup synchronously, then reads the token page. */
function signIn(): void {
  if (!peer) return;
  const input = document.querySelector<HTMLInputElement>('#username');
  const name = (input?.value.trim() || username) ?? undefined;
  const pending = openPopupAndReadJson({
    url: tokenUrl(location.origin, name || undefined),
    expectedOrigin: location.origin,
    expectedPath: TOKEN_PATH,
    clock: systemClock,
  }).then(parseTokenAnswer);
  reply({ type: 'signing-in', username: name || null });
  view = 'signing-in';
  error = '';
  render();
  pending.then(
    (answer) => {
      view = 'active';
      reply({ type: 'signed-in', answer: wire(answer) });
      render();
    },
    (failure: unknown) => {
      const code = failure instanceof FinesseError ? failure.code : 'token-page-unreadable';
      // Trying again cannot help against the JSON viewer: say what the administrator deploys.
      error = code === 'json-viewer' ? t.jsonViewer : t.failed;
      view = 'signed-out';
      reply({ type: 'sign-in-failed', code });
      render();
    },
  );
}

function render(): void {
  const root = document.querySelector('#relay') ?? document.body;
  root.replaceChildren();
  if (refused) {
    const p = document.createElement('p');
    p.className = 'error';
    p.setAttribute('role', 'alert');
    p.textContent = error || t.notAllowed;
    root.append(p);
    return;
  }
  if (!peer) return;
  if (error) {
    const p = document.createElement('p');
    p.className = 'error';
    p.setAttribute('role', 'alert');
    p.textContent = error;
    root.append(p);
  }
  if (view === 'signing-in') {
    const p = document.createElement('p');
    p.setAttribute('role', 'status');
    p.textContent = t.signingIn;
    root.append(p);
    return;
  }
  if (view === 'active') return;
  const form = document.createElement('form');
  form.className = 'row';
  if (!username) {
    const label = document.createElement('label');
    label.htmlFor = 'username';
    label.textContent = t.username;
    const input = document.createElement('input');
    input.id = 'username';
    input.name = 'username';
    input.autocomplete = 'username';
    input.required = true;
    form.append(label, input);
  }
  const button = document.createElement('button');
  button.type = 'submit';
  button.id = view === 'needs-sign-in' ? 'sign-in-again' : 'sign-in';
  button.textContent = view === 'needs-sign-in' ? t.signInAgain : t.signIn;
  form.append(button);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    signIn();
  });
  root.append(form);
}

window.addEventListener('message', (event) => void onMessage(event));
if (window.parent === window) {
  refused = true;
  error = t.notAllowed;
}
if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', render);
else render();
