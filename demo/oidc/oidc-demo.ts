/**
 * The OpenID Connect demo page's script. It reads the provider from the address
 * (`?issuer=…&client=…`, optional `scope` and `api`), creates `<finesse-sso-session
 * provider="oidc">` around the status panel, and shows what the element reports. It uses the
 * element's public contract only. The callback page is `/oauth/callback.html` on this origin.
 */

interface SessionElement extends HTMLElement {
  readonly state?: string;
  readonly expiresAt?: number | null;
  readonly refreshAt?: number | null;
  readonly user?: { userId: string; realm: string; userPrincipal: string } | null;
  fetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response>;
}

const $ = (id: string) => document.getElementById(id)!;
const query = new URLSearchParams(location.search);
const issuer = query.get('issuer');
const clientId = query.get('client');

const time = (at: number | null | undefined) =>
  at ? new Date(at).toLocaleTimeString(undefined, { hour12: false }) : '—';

function logEvent(text: string): void {
  const item = document.createElement('li');
  item.textContent = `${new Date().toLocaleTimeString(undefined, { hour12: false })} ${text}`;
  $('event-log').prepend(item);
}

function show(session: SessionElement): void {
  const state = session.state ?? '—';
  $('state').textContent = state;
  $('state').dataset.state = state;
  $('user').textContent = session.user
    ? `${session.user.userId} (${session.user.userPrincipal})`
    : '—';
  $('refresh-at').textContent = time(session.refreshAt);
  $('expires-at').textContent = time(session.expiresAt);
}

function mount(): void {
  if (!issuer || !clientId) return;
  $('config-note').textContent = `Issuer ${issuer}, client ${clientId}.`;
  const session = document.createElement('finesse-sso-session') as SessionElement;
  session.id = 'session';
  session.setAttribute('provider', 'oidc');
  session.setAttribute('issuer', issuer);
  session.setAttribute('client-id', clientId);
  session.setAttribute('redirect-uri', new URL('/oauth/callback.html', location.href).href);
  session.setAttribute('api-url', query.get('api') ?? issuer);
  const scope = query.get('scope');
  if (scope) session.setAttribute('scope', scope);
  // The status panel becomes the element's slotted content (the host's own UI).
  const slot = $('session-slot');
  session.append(...slot.childNodes);
  slot.append(session);

  for (const type of ['session-change', 'token-refreshed', 'session-error', 'signed-out']) {
    session.addEventListener(`finesse-${type}`, (event) => {
      const detail = (event as CustomEvent<Record<string, unknown>>).detail;
      const facts =
        type === 'session-change'
          ? `${String(detail.previous)} → ${String(detail.state)}`
          : type === 'session-error'
            ? String(detail.code)
            : type === 'token-refreshed'
              ? detail.byThisTab
                ? 'by this tab'
                : 'by another tab'
              : '';
      logEvent(`${type} ${facts}`);
      show(session);
    });
  }
  setInterval(() => show(session), 1000);
  show(session);

  $('call-api').addEventListener('click', async () => {
    const result = $('api-result');
    try {
      const response = await session.fetch(`${issuer.replace(/\/+$/, '')}/me`);
      const body = (await response.json()) as { sub?: string };
      result.textContent = response.ok
        ? `userinfo: sub ${body.sub ?? '?'}`
        : `HTTP ${response.status}`;
    } catch (error) {
      result.textContent = `failed: ${(error as { code?: string }).code ?? 'error'}`;
    }
  });
}

$('open-tab').addEventListener('click', () => window.open(location.href, '_blank', 'noopener'));
mount();
