/**
 * The XML namespaces of docs/xmpp-wire.md, shared by the stanzas the client builds
 * (xmpp-frames.ts) and the ones it reads (xmpp-server-stanzas.ts). Worker only.
 */
export const NS = {
  framing: 'urn:ietf:params:xml:ns:xmpp-framing',
  sasl: 'urn:ietf:params:xml:ns:xmpp-sasl',
  bind: 'urn:ietf:params:xml:ns:xmpp-bind',
  session: 'urn:ietf:params:xml:ns:xmpp-session',
  client: 'jabber:client',
  ping: 'urn:xmpp:ping',
  stanzas: 'urn:ietf:params:xml:ns:xmpp-stanzas',
  pubsubEvent: 'http://jabber.org/protocol/pubsub#event',
  streams: 'http://etherx.jabber.org/streams',
} as const;
