import type { FinesseErrorCode } from '../kernel/errors.ts';
import { FINESSE_ERROR_CODES } from '../kernel/errors.ts';

/**
 * The relay protocol (DESIGN.md, "three ways to get the pair", relay). Pure data and checks,
 * shared by the element side (`RelaySource`) and the relay page (`src/relay/`).
 *
 * Every message carries `ns` and the element's `nonce`; both sides post with an exact
 * `targetOrigin` and accept a message only from the expected origin and window with the nonce.
 */
export const RELAY_NS = 'finesse-sso-relay';

/** The relay frame's state, as the element asks the relay to show it. */
export type RelayView = 'signed-out' | 'signing-in' | 'active' | 'needs-sign-in';

/** Element → relay. */
export type ToRelay =
  | { ns: typeof RELAY_NS; nonce: string; type: 'hello'; version: string }
  | { ns: typeof RELAY_NS; nonce: string; type: 'view'; view: RelayView; username: string | null }
  | {
      ns: typeof RELAY_NS;
      nonce: string;
      type: 'refresh';
      id: string;
      token: string;
      refreshToken: string;
    };

/** The token answer as it crosses the frame boundary (validated again on arrival). */
export interface WireAnswer {
  token: string;
  refresh_token?: string;
  expires_in: number;
  user_id: string;
  realm: string;
  user_principal: string;
}

/** Relay → element. */
export type FromRelay =
  | { ns: typeof RELAY_NS; nonce: string; type: 'ready'; version: string }
  | { ns: typeof RELAY_NS; nonce: string; type: 'version-mismatch'; version: string }
  | { ns: typeof RELAY_NS; nonce: string; type: 'signing-in'; username: string | null }
  | { ns: typeof RELAY_NS; nonce: string; type: 'signed-in'; answer: WireAnswer }
  | { ns: typeof RELAY_NS; nonce: string; type: 'sign-in-failed'; code: FinesseErrorCode }
  | { ns: typeof RELAY_NS; nonce: string; type: 'refreshed'; id: string; answer: WireAnswer }
  | {
      ns: typeof RELAY_NS;
      nonce: string;
      type: 'refresh-failed';
      id: string;
      code: FinesseErrorCode;
      status?: number;
    };

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** True for a message of this protocol carrying exactly `nonce` (constant shape checks only). */
export function hasNonce(data: unknown, nonce: string): data is Record<string, unknown> {
  return (
    isRecord(data) &&
    data.ns === RELAY_NS &&
    typeof data.type === 'string' &&
    typeof data.nonce === 'string' &&
    nonce.length > 0 &&
    data.nonce === nonce
  );
}

export const isErrorCode = (value: unknown): value is FinesseErrorCode =>
  typeof value === 'string' && (FINESSE_ERROR_CODES as readonly string[]).includes(value);

/** A fresh nonce: 128 bits from `crypto.getRandomValues`, hex. */
export function newNonce(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** Theme values the element passes to the relay (CSS custom property values of the element). */
export interface RelayTheme {
  accent?: string;
  accentContrast?: string;
  text?: string;
  background?: string;
  radius?: string;
  font?: string;
}
export const THEME_KEYS = [
  'accent',
  'accentContrast',
  'text',
  'background',
  'radius',
  'font',
] as const satisfies ReadonlyArray<keyof RelayTheme>;

/** What the relay reads from its URL fragment. */
export interface RelayParams {
  version: string;
  nonce: string;
  lang: string;
  theme: RelayTheme;
}

/** A CSS value safe to set as a custom property: short, no quotes, braces, semicolons or urls. */
export function safeCssValue(value: string): boolean {
  return value.length <= 80 && /^[#\w\s(),.%+-]*$/.test(value) && !/url\s*\(/i.test(value);
}

/** `#v=0.1.0&n=<nonce>&lang=en&accent=...`: the relay frame's URL fragment. */
export function buildFragment(params: RelayParams): string {
  const search = new URLSearchParams({ v: params.version, n: params.nonce, lang: params.lang });
  for (const key of THEME_KEYS) {
    const value = params.theme[key]?.trim();
    if (value && safeCssValue(value)) search.set(key, value);
  }
  return `#${search.toString()}`;
}

/** Reads the fragment; unknown or unsafe values are dropped. */
export function parseFragment(hash: string): RelayParams {
  const search = new URLSearchParams(hash.replace(/^#/, ''));
  const theme: RelayTheme = {};
  for (const key of THEME_KEYS) {
    const value = search.get(key);
    if (value && safeCssValue(value)) theme[key] = value;
  }
  const lang = search.get('lang') ?? 'en';
  return {
    version: search.get('v') ?? '',
    nonce: /^[0-9a-f]{32}$/.test(search.get('n') ?? '') ? search.get('n')! : '',
    lang: ['en', 'ja', 'ko'].includes(lang) ? lang : 'en',
    theme,
  };
}

/**
 * Parses `allowed-origins.json`: `{ "origins": ["https://desktop.example.com"] }`. Anything
 * malformed allows nobody; entries that are not serialised origins (with a path, a trailing
 * slash, a wildcard, `"null"`) are dropped.
 */
export function parseAllowList(text: string | null | undefined): string[] {
  if (typeof text !== 'string') return [];
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return [];
  }
  if (!isRecord(value) || !Array.isArray(value.origins)) return [];
  return value.origins.filter(isExactOrigin);
}

/** True for a serialised http(s) origin such as `https://desk.example.com:8443`. */
export function isExactOrigin(value: unknown): value is string {
  if (typeof value !== 'string' || value === 'null' || value.includes('*')) return false;
  try {
    const url = new URL(value);
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.origin === value;
  } catch {
    return false;
  }
}

/** Exact, case-sensitive match of `event.origin` against the list; `"null"` never matches. */
export function originAllowed(origin: string, allowed: readonly string[]): boolean {
  if (!origin || origin === 'null') return false;
  return allowed.includes(origin);
}
