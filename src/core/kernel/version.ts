/**
 * The library version both sides of the relay carry: the element puts it in the relay frame's
 * URL fragment, the relay compares it with its own (the relay files on the Finesse server must
 * come from the same release as the desktop's bundle). `scripts/build-relay.js` checks it
 * against package.json.
 */
export const LIBRARY_VERSION = '0.1.0';
