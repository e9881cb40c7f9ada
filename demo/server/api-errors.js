// @ts-check
/**
 * Finesse's error shapes: `ApiErrors` in a synchronous answer, `apiErrors` (lower camel case)
 * inside an asynchronous notification; and `ApiFailure`, which a handler throws to answer one.
 */
import { el } from './xml.js';

/** A request Finesse refuses: `status` with one `ApiError`. */
export class ApiFailure extends Error {
  /** @param {number} status @param {string} type @param {string} message @param {string} [data] */
  constructor(status, type, message, data = '') {
    super(message);
    this.name = 'ApiFailure';
    this.status = status;
    this.type = type;
    this.data = data;
  }
}

/** 400 with a type, a message and the offending parameter. */
export const badRequest = (
  /** @type {string} */ type,
  /** @type {string} */ message,
  /** @type {string} */ data = '',
) => new ApiFailure(400, type, message, data);

/** `data: null` leaves `<ErrorData>` out. @param {{ type: string, message: string, data?: string | null }} e */
export const apiErrorsXml = ({ type, message, data = '' }) =>
  `<ApiErrors><ApiError>${el('ErrorType', type)}${el('ErrorMessage', message)}${data === null ? '' : el('ErrorData', data)}</ApiError></ApiErrors>`;

/** @param {{ type: string, message: string, data?: string }} e */
export const asyncApiErrorsXml = ({ type, message, data = '' }) =>
  `<apiErrors><apiError>${el('errorType', type)}${el('errorMessage', message)}${el('errorData', data)}</apiError></apiErrors>`;
