// @ts-check
/**
 * Reason codes per category, as `GET /finesse/api/User/<id>/ReasonCodes?category=…` lists them,
 * plus the system code 255 (the presence logout), which is never listed or accepted from a
 * client. The id sent as `reasonCodeId` is the last segment of `uri` (here equal to `code`).
 */
import { el } from './xml.js';

/** @typedef {'NOT_READY' | 'LOGOUT'} ReasonCategory */
/** @typedef {{ id: string, category: ReasonCategory, code: string, label: string, forAll: boolean }} ReasonCode */

/** @type {ReasonCode[]} */
const LISTED = [
  { id: '11', category: 'NOT_READY', code: '11', label: 'Lunch', forAll: true },
  { id: '12', category: 'NOT_READY', code: '12', label: 'Break', forAll: true },
  { id: '13', category: 'NOT_READY', code: '13', label: 'Meeting', forAll: true },
  { id: '14', category: 'NOT_READY', code: '14', label: 'Training', forAll: true },
  { id: '21', category: 'LOGOUT', code: '21', label: 'End of shift', forAll: true },
  { id: '22', category: 'LOGOUT', code: '22', label: 'Emergency', forAll: true },
];

/** Finesse's own: the agent's presence was gone longer than the grace period. */
export const PRESENCE_LOGOUT = /** @type {ReasonCode} */ ({
  id: '255',
  category: 'LOGOUT',
  code: '255',
  label: 'Connection failure',
  forAll: true,
});

export const CATEGORIES = /** @type {ReasonCategory[]} */ (['NOT_READY', 'LOGOUT']);

/** @param {ReasonCategory} category */
export const listed = (category) => LISTED.filter((r) => r.category === category);

/**
 * A client-selectable reason of this category, or undefined.
 * @param {string} id @param {ReasonCategory} category
 */
export const findListed = (id, category) =>
  LISTED.find((r) => r.id === id && r.category === category);

/** Any reason, the system one included (for rendering a User). @param {string} id */
export const findAny = (id) =>
  id === PRESENCE_LOGOUT.id ? PRESENCE_LOGOUT : LISTED.find((r) => r.id === id);

/** @param {ReasonCode} r */
export const reasonUri = (r) => `/finesse/api/ReasonCode/${r.id}`;

/** One `<ReasonCode>` as the list carries it (`withId` adds `<id>`, as a User carries it). */
export function reasonCodeXml(/** @type {ReasonCode} */ r, withId = false) {
  return `<ReasonCode>${el('uri', reasonUri(r))}${el('category', r.category)}${el('code', r.code)}${el('label', r.label)}${el('forAll', r.forAll)}${withId ? el('id', r.id) : ''}</ReasonCode>`;
}

/** @param {ReasonCode[]} codes */
export const reasonCodesXml = (codes) =>
  `<ReasonCodes>${codes.map((r) => reasonCodeXml(r)).join('')}</ReasonCodes>`;
