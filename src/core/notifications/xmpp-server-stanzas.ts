/**
 * What one parsed server frame means to the client (`classify`): its kind by name and
 * namespace, and only the fields the client reads. Runs only inside the notification Worker.
 */
import { NS } from './xmpp-namespaces.ts';
import { localName } from './xml-frame-parser.ts';
import type { XmlElement } from './xml-frame-parser.ts';

const child = (element: XmlElement, local: string) =>
  element.children.find((c) => localName(c.name) === local);

/** The condition of an error element: its first child that is not `<text>`. */
const conditionOf = (element: XmlElement | undefined) =>
  element?.children.map((c) => localName(c.name)).find((n) => n !== 'text') ??
  'undefined-condition';

export interface PubsubItem {
  node: string;
  /** The `<Update>` document as XML text (unescaped from the notification's text). */
  xml: string;
}

/** What the client needs to know about one server stanza. */
export type ServerStanza =
  | { kind: 'open'; from?: string; id?: string }
  | { kind: 'close' }
  | { kind: 'features'; mechanisms: string[]; bind: boolean; session: boolean }
  | { kind: 'success' }
  | { kind: 'challenge' }
  | { kind: 'failure'; condition: string }
  | { kind: 'stream-error'; condition: string }
  | {
      kind: 'iq';
      type: string;
      id: string;
      from?: string;
      ping: boolean;
      /** Some other payload in an IQ get/set (we answer service-unavailable). */
      payload: boolean;
      jid?: string;
      condition?: string;
    }
  | { kind: 'message'; from?: string; items: PubsubItem[] }
  | { kind: 'other'; name: string };

/** Classifies a parsed frame by its name and namespace, reading only what the client uses. */
export function classify(element: XmlElement): ServerStanza {
  const local = localName(element.name);
  const xmlns = element.attrs.xmlns;
  switch (local) {
    case 'open':
      if (xmlns !== NS.framing) break;
      return { kind: 'open', from: element.attrs.from, id: element.attrs.id };
    case 'close':
      if (xmlns !== NS.framing) break;
      return { kind: 'close' };
    case 'features': {
      const mechanisms = child(element, 'mechanisms');
      return {
        kind: 'features',
        mechanisms:
          mechanisms?.attrs.xmlns === NS.sasl
            ? mechanisms.children
                .filter((c) => localName(c.name) === 'mechanism')
                .map((c) => c.text.trim())
            : [],
        bind: child(element, 'bind')?.attrs.xmlns === NS.bind,
        session: child(element, 'session')?.attrs.xmlns === NS.session,
      };
    }
    case 'success':
      if (xmlns !== NS.sasl) break;
      return { kind: 'success' };
    case 'challenge':
      if (xmlns !== NS.sasl) break;
      return { kind: 'challenge' };
    case 'failure':
      if (xmlns !== NS.sasl) break;
      return { kind: 'failure', condition: conditionOf(element) };
    case 'error':
      if (element.name !== 'stream:error' && xmlns !== NS.streams) break;
      return { kind: 'stream-error', condition: conditionOf(element) };
    case 'iq': {
      const payload = element.children.find((c) => localName(c.name) !== 'error');
      const ping = payload !== undefined && localName(payload.name) === 'ping';
      return {
        kind: 'iq',
        type: element.attrs.type ?? '',
        id: element.attrs.id ?? '',
        from: element.attrs.from,
        ping: ping && payload.attrs.xmlns === NS.ping,
        payload: payload !== undefined && !(ping && payload.attrs.xmlns === NS.ping),
        jid:
          payload && localName(payload.name) === 'bind'
            ? child(payload, 'jid')?.text.trim()
            : undefined,
        condition:
          element.attrs.type === 'error' ? conditionOf(child(element, 'error')) : undefined,
      };
    }
    case 'message': {
      const items: PubsubItem[] = [];
      const event = child(element, 'event');
      if (event?.attrs.xmlns === NS.pubsubEvent) {
        for (const list of event.children) {
          if (localName(list.name) !== 'items') continue;
          const node = list.attrs.node;
          if (!node) continue;
          for (const item of list.children) {
            if (localName(item.name) !== 'item') continue;
            const notification = child(item, 'notification');
            const xml = notification?.text.trim();
            if (xml) items.push({ node, xml });
          }
        }
      }
      return { kind: 'message', from: element.attrs.from, items };
    }
  }
  return { kind: 'other', name: element.name };
}
