/**
 * Builds the gadget-mode session from the page's finesse.js globals and makes the agent
 * elements take their live updates from the Finesse container (no XMPP of our own).
 */
import { setNotificationFactory } from '../finesse/agent-registry.ts';
import type { SessionConfig } from '../session-api.ts';
import {
  clientServicesSubscribe,
  containerNotificationFactory,
} from './container-notifications.ts';
import { finesseGlobal } from './finesse-globals.ts';
import { GadgetSession } from './gadget-session.ts';

export function createGadgetSession(config: SessionConfig): GadgetSession {
  const gadgetConfig = finesseGlobal()?.gadget?.Config ?? {};
  const services = finesseGlobal()?.clientservices?.ClientServices;
  // Without ClientServices there is no container feed: the agent model polls instead.
  setNotificationFactory(
    services ? containerNotificationFactory(clientServicesSubscribe(services)) : null,
  );
  // The element passes the page origin when `finesse-url` is absent; in a gadget the page is on
  // the Finesse origin, and the Config names the node the desktop uses: prefer the Config then.
  const explicit = config.finesseUrl && config.finesseUrl !== globalThis.location?.origin;
  return new GadgetSession({
    config: gadgetConfig,
    // Read for every request, never cached: the desktop rotates the pair on its own timer.
    getAuthHeader: () => {
      const finesse = finesseGlobal();
      const current = finesse?.gadget?.Config;
      const utilities = finesse?.utilities?.Utilities;
      return current && utilities?.getAuthHeaderString
        ? utilities.getAuthHeaderString(current)
        : null;
    },
    finesseUrl: explicit ? config.finesseUrl : undefined,
    username: config.username,
    secondaryUrl: config.secondaryUrl,
    notificationUrl: config.notificationUrl,
  });
}
