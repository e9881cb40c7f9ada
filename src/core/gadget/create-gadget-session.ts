/**
 * Builds the gadget-mode session from the page's finesse.js globals and makes the agent
 * elements take their live updates from the Finesse container (no XMPP of our own).
 */
import type { SessionConfig } from '../session/session-api.ts';
import {
  clientServicesSubscribe,
  containerNotificationFactory,
} from './container-notifications.ts';
import { finesseGlobal } from './finesse-globals.ts';
import { GadgetSession } from './gadget-session.ts';

export function createGadgetSession(config: SessionConfig): GadgetSession {
  const gadgetConfig = finesseGlobal()?.gadget?.Config ?? {};
  const services = finesseGlobal()?.clientservices?.ClientServices;
  // The element passes the page origin when `finesse-url` is absent; in a gadget the page is on
  // the Finesse origin, and the Config names the node the desktop uses: prefer the Config then.
  const explicit = config.finesseUrl && config.finesseUrl !== globalThis.location?.origin;
  const session = new GadgetSession({
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
  // Without ClientServices there is no container feed: the agent model polls instead. A field
  // of this session, not a global: agent models of other sessions keep their own feed.
  session.notificationFactory = services
    ? containerNotificationFactory(clientServicesSubscribe(services))
    : null;
  return session;
}
