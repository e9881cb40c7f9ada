/**
 * What the gadget Config tells about the agent beyond the Finesse node: the agent's id, the
 * desktop's language and the client's clock drift.
 *
 * Where the id comes from (checked against Cisco's published finesse.js, Dec 2026):
 * - It is not a pref. Cisco's sample gadgets build `finesse.gadget.Config` from prefs
 *   without an id (jbogarin/finesse-sample-code `LearningSampleGadget/10.6.1/SampleGadget/
 *   SampleGadget.js`) and then use `cfg.id` after `ClientServices.init(cfg)`
 *   (`LearningSampleGadget/11.0.1/v1.1/SampleGadget/SampleGadget_Final.js`).
 * - `ClientServices.init` sets it: "If the authorization string is provided, then use that to
 *   extract the ID and the password" via `Utilities.getCredentials(authorization)`, which
 *   base64-decodes the value and splits it at the first colon (jbogarin/finesse-sample-code
 *   `FinesseJavaScriptLibrary/8.5.3/finesse.js`; the same `getCredentials` is in finesse.js
 *   10.5(1)).
 * - SSO (11.x and later) is not published: a community typing of finesse.js 12.6(1)
 *   (arreis94/Cisco-Finesse-Types `finesse.d.ts`) still lists `id?` and `authorization` on
 *   the Config and adds `authToken?` (Cisco tech note 214687: the SSO access token is
 *   `finesse.gadget.Config.authToken`), but nothing shows what `authorization` holds then.
 * So, in order: `Config.id` (ClientServices.init ran), else `authorization` decoded the same
 * way (init has not run yet), else the element's `username` (assumed: in SSO the id may not be
 * derivable). Whatever id is found, the agent model reads `GET /finesse/api/User/<id>` and
 * uses the `loginId` Finesse answers (UCCE: a login name resolves there).
 */
import type { GadgetConfig } from './finesse-globals.ts';
import { pref } from './finesse-globals.ts';

/** finesse.js `getCredentials(authorization).id`, or null when the value is not "id:…". */
function idFromAuthorization(authorization: string | null): string | null {
  if (!authorization) return null;
  try {
    const decoded = globalThis.atob(authorization);
    const colon = decoded.indexOf(':');
    // Only the part before the colon is kept; the rest (a password) is dropped at once.
    const id = colon > 0 ? decoded.slice(0, colon).trim() : '';
    return id || null;
  } catch {
    return null;
  }
}

/** The agent's id as finesse.js knows it (see above), or `fallback`, or null. */
export function configAgentId(config: GadgetConfig, fallback?: string | null): string | null {
  return (
    pref(config, 'id') ??
    idFromAuthorization(pref(config, 'authorization')) ??
    (fallback?.trim() || null)
  );
}

/** The desktop's language tag: `locale` (e.g. `ja_JP`), else `language`; null when unset. */
export function configLanguage(config: GadgetConfig): string | null {
  return pref(config, 'locale') ?? pref(config, 'language');
}

/**
 * `clientDriftInMillis` as a number (0 when unset or not a number). finesse.js's
 * `Utilities.convertToServerTimeMillis(clientTime)` returns `clientTime + drift`, so the
 * server's time is the client's plus this (finesse.js 10.5(1)).
 */
export function configDrift(config: GadgetConfig): number {
  const raw = config.clientDriftInMillis;
  const drift = typeof raw === 'string' ? Number.parseInt(raw, 10) : raw;
  return typeof drift === 'number' && Number.isFinite(drift) ? drift : 0;
}
