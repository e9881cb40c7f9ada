/**
 * Test equipment: `finesse.gadget.Config` built from gadget prefs the way Cisco's finesse.js
 * builds it, so the stand-in desktop (and so the e2e tests) and the unit tests hand the library the
 * object a real Finesse desktop would, never one of our own making.
 *
 * Modeled on Cisco's sample gadget code (jbogarin/finesse-sample-code,
 * `LearningSampleGadget/10.6.1/SampleGadget/SampleGadget.js`):
 *   finesse.gadget.Config = (function () { var _prefs = new gadgets.Prefs(); return {
 *     authorization: _prefs.getString("authorization"), …, clientDriftInMillis:
 *     _prefs.getInt("clientDriftInMillis") }; }());
 * Every field is a string ('' when the pref is unset) except the drift, an int. There is no
 * `port` and no `id`: finesse.js's `ClientServices.init` adds `id` (see `initConfig`).
 */

/** The string prefs, in finesse.js's order. */
const STRING_PREFS = [
  'authorization',
  'country',
  'language',
  'locale',
  'host',
  'hostPort',
  'extension',
  'mobileAgentMode',
  'mobileAgentDialNumber',
  'xmppDomain',
  'pubsubDomain',
  'restHost',
  'scheme',
  'localhostFQDN',
  'localhostPort',
  'teamId',
  'teamName',
];

/** What finesse.js reads of `gadgets.Prefs`. */
export interface GadgetPrefs {
  getString(name: string): string;
  getInt(name: string): number;
}

/**
 * A `gadgets.Prefs` over string values, as Shindig's: `getString` gives '' for an unset pref,
 * `getInt` parses base 10 and gives 0 for anything that is not a number.
 */
export function prefsFrom(values: Record<string, string | undefined>): GadgetPrefs {
  return {
    getString: (name) => String(values[name] ?? ''),
    getInt: (name) => {
      const value = Number.parseInt(String(values[name] ?? ''), 10);
      return Number.isNaN(value) ? 0 : value;
    },
  };
}

/** finesse.js's `finesse.gadget.Config` from a `gadgets.Prefs`. */
export function buildConfigFromPrefs(prefs: GadgetPrefs): Record<string, unknown> {
  const config: Record<string, unknown> = {};
  for (const name of STRING_PREFS) config[name] = prefs.getString(name);
  config.clientDriftInMillis = prefs.getInt('clientDriftInMillis');
  return config;
}

/**
 * What finesse.js's `ClientServices.init(config)` does to the Config (jbogarin/
 * finesse-sample-code `FinesseJavaScriptLibrary/8.5.3/finesse.js`): when `authorization` is
 * set, `Utilities.getCredentials` base64-decodes it and splits at the first colon into
 * `config.id` and `config.password`. The stand-in keeps only the id (it has no password).
 */
export function initConfig(config: Record<string, unknown>): Record<string, unknown> {
  const authorization = config.authorization;
  if (typeof authorization !== 'string' || !authorization) return config;
  const decoded = atob(authorization);
  const colon = decoded.indexOf(':');
  if (colon === -1) throw new Error('String is not colon delimited.');
  config.id = decoded.slice(0, colon);
  return config;
}
