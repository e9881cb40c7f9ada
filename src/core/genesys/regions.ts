/**
 * Genesys Cloud regions and their domains. Each region has one domain; the login server is
 * `login.<domain>` and the Platform API `api.<domain>`. The list is the one the official
 * Platform API SDKs carry (`PureCloudRegionHosts`); a region added later can still be used
 * through the `loginUrl` / `apiUrl` overrides.
 */
export const GENESYS_REGIONS = {
  'us-east-1': 'mypurecloud.com',
  'us-east-2': 'use2.us-gov-pure.cloud',
  'us-west-2': 'usw2.pure.cloud',
  'ca-central-1': 'cac1.pure.cloud',
  'sa-east-1': 'sae1.pure.cloud',
  'mx-central-1': 'mxc1.pure.cloud',
  'eu-west-1': 'mypurecloud.ie',
  'eu-west-2': 'euw2.pure.cloud',
  'eu-central-1': 'mypurecloud.de',
  'eu-central-2': 'euc2.pure.cloud',
  'me-central-1': 'mec1.pure.cloud',
  'ap-south-1': 'aps1.pure.cloud',
  'ap-southeast-1': 'apse1.pure.cloud',
  'ap-southeast-2': 'mypurecloud.com.au',
  'ap-northeast-1': 'mypurecloud.jp',
  'ap-northeast-2': 'apne2.pure.cloud',
  'ap-northeast-3': 'apne3.pure.cloud',
} as const;

/** A Genesys Cloud region code (AWS style, as Genesys names its regions). */
export type GenesysRegion = keyof typeof GENESYS_REGIONS;

/** Where the provider talks to: absolute URLs and an origin, never with a query. */
export interface GenesysHosts {
  /** The region's domain, e.g. `mypurecloud.com`: the session's realm. */
  domain: string;
  /** `https://login.<domain>/oauth/authorize` (or under the `loginUrl` override). */
  authorizeUrl: string;
  /** `https://login.<domain>/oauth/token` (or under the `loginUrl` override). */
  tokenUrl: string;
  /** `https://api.<domain>` (or the `apiUrl` override), without a trailing slash. */
  apiOrigin: string;
}

const DOMAINS: ReadonlySet<string> = new Set(Object.values(GENESYS_REGIONS));

/**
 * The domain of a region given as a code (`us-east-1`, also `us_east_1` as the SDKs spell it)
 * or as its bare domain (`mypurecloud.jp`, `usw2.pure.cloud`). Case and surrounding spaces
 * do not matter. Anything else is a developer error: a RangeError naming the valid values.
 */
export function genesysDomain(region: string): string {
  const wanted = String(region).trim().toLowerCase();
  const code = wanted.replace(/_/g, '-');
  if (Object.hasOwn(GENESYS_REGIONS, code)) return GENESYS_REGIONS[code as GenesysRegion];
  if (DOMAINS.has(wanted)) return wanted;
  const valid = Object.entries(GENESYS_REGIONS)
    .map(([name, domain]) => `${name} (${domain})`)
    .join(', ');
  throw new RangeError(
    `Unknown Genesys Cloud region "${region}". Use a region code or its domain: ${valid}.`,
  );
}

/** Loopback hosts may use plain http (the local stand-in); everything else must be https. */
const LOOPBACK = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\])$/;

function baseUrl(value: string, name: string): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new TypeError(`${name} is not an absolute URL.`);
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && LOOPBACK.test(url.hostname))) {
    throw new TypeError(`${name} must use https (plain http only on localhost).`);
  }
  if (url.search || url.hash) throw new TypeError(`${name} must not carry a query or fragment.`);
  // Relative resolution keeps a path prefix (`https://proxy/genesys/` + `oauth/token`).
  if (!url.pathname.endsWith('/')) url.pathname += '/';
  return url;
}

/**
 * The login and API locations of a region. `overrides.loginUrl` replaces
 * `https://login.<domain>` (the OAuth paths are added under it) and `overrides.apiUrl`
 * replaces `https://api.<domain>`; the realm stays the region's domain. Overrides exist for
 * regions newer than this list, proxies and the local stand-in; they must be https except on
 * loopback hosts.
 */
export function genesysHosts(
  region: string,
  overrides: { loginUrl?: string; apiUrl?: string } = {},
): GenesysHosts {
  const domain = genesysDomain(region);
  const login = baseUrl(overrides.loginUrl ?? `https://login.${domain}/`, 'loginUrl');
  const api = baseUrl(overrides.apiUrl ?? `https://api.${domain}/`, 'apiUrl');
  return {
    domain,
    authorizeUrl: new URL('oauth/authorize', login).href,
    tokenUrl: new URL('oauth/token', login).href,
    apiOrigin: api.href.replace(/\/$/, ''),
  };
}
