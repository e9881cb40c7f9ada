/**
 * The Genesys Cloud demo page's script. It builds `<finesse-sso-session provider="genesys">`
 * from the page's query (the stand-in's origin is only known at run time), wraps the status
 * panel in it, and shows the state, the user, the token's expiry, the idle sign-out and an
 * event log. It only uses the element's public contract; no token is ever shown or logged.
 *
 * Query: `login` (the stand-in origin: login-url and api-url), `client`, `region` (default
 * us-east-1), `grant` (pkce | implicit), `idle` (idle timeout in seconds).
 */

interface SessionElement extends HTMLElement {
  readonly state?: string;
  readonly expiresAt?: number | null;
  readonly user?: { userId: string; realm: string; userPrincipal: string } | null;
  fetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response>;
}

const query = new URLSearchParams(location.search);
const $ = (id: string) => document.getElementById(id)!;

/** `<finesse-sso-session>` with the Genesys attributes (README, "Genesys Cloud"). */
function createSessionElement(): SessionElement | null {
  const login = query.get('login');
  const client = query.get('client');
  if (!login || !client) {
    const error = $('config-error');
    error.textContent = 'Open this page through `node demo/genesys/desktop-server.js`.';
    error.hidden = false;
    return null;
  }
  const element = document.createElement('finesse-sso-session') as SessionElement;
  element.id = 'session';
  const attributes: Record<string, string> = {
    provider: 'genesys',
    region: query.get('region') ?? 'us-east-1',
    'client-id': client,
    'redirect-uri': new URL('callback.html', location.href).href,
    grant: query.get('grant') ?? 'pkce',
    'login-url': login,
    'api-url': login,
  };
  const idle = query.get('idle');
  if (idle !== null) attributes['idle-timeout'] = idle;
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
  element.append($('status-panel'));
  $('session-slot').append(element);
  return element;
}

const time = (at: number | null | undefined) =>
  typeof at === 'number' ? new Date(at).toLocaleTimeString() : '—';

function log(text: string): void {
  const item = document.createElement('li');
  item.textContent = `${new Date().toLocaleTimeString()} ${text}`;
  $('event-log').prepend(item);
}

const session = createSessionElement();
let idleAt: number | null = null;

function render(): void {
  if (!session) return;
  const state = session.state ?? '—';
  $('state').textContent = state;
  $('state').dataset.state = state;
  const user = session.user;
  $('user').textContent = user ? `${user.userPrincipal} (${user.realm})` : '—';
  $('expires-at').textContent = time(session.expiresAt);
  $('idle-at').textContent = time(idleAt);
}

if (session) {
  const events = [
    'finesse-session-change',
    'finesse-token-refreshed',
    'finesse-session-error',
    'finesse-signed-out',
    'finesse-idle-warning',
  ];
  for (const type of events) {
    session.addEventListener(type, (event) => {
      const detail = (event as CustomEvent<Record<string, unknown>>).detail ?? {};
      if (type === 'finesse-idle-warning') idleAt = (detail.signOutAt as number | null) ?? null;
      log(`${type.replace('finesse-', '')} ${JSON.stringify(detail)}`);
      render();
    });
  }
  customElements.whenDefined('finesse-sso-session').then(render, () => undefined);

  $('call-api').addEventListener('click', () => {
    const result = $('api-result');
    result.textContent = 'Calling…';
    session.fetch('/api/v2/users/me').then(
      async (response) => {
        const body = response.ok ? ((await response.json()) as { name?: string }) : null;
        result.textContent = `HTTP ${response.status}${body?.name ? `: ${body.name}` : ''}`;
      },
      (error: unknown) => {
        const code = (error as { code?: string }).code ?? 'error';
        result.textContent = `Failed: ${code}`;
      },
    );
  });
  $('open-tab').addEventListener('click', () => window.open(location.href, '_blank'));
}
