// @ts-check
/** Small HTTP helpers shared by the simulator's handlers. No framework: Node's http is enough. */

/** @typedef {import('node:http').IncomingMessage} Req */
/** @typedef {import('node:http').ServerResponse} Res */

const TOKEN_RE = /\b(at|rt)-[A-Za-z0-9_-]{8,}/g;

/**
 * Replaces every token-looking value with `at-…(redacted)` so logs never carry a token.
 * @param {unknown} text
 */
export function redact(text) {
  return String(text).replace(TOKEN_RE, (_m, kind) => `${kind}-…(redacted)`);
}

/**
 * @param {Res} res
 * @param {number} status
 * @param {string} contentType
 * @param {string} body
 * @param {Record<string, string>} [headers]
 */
export function send(res, status, contentType, body, headers = {}) {
  res.writeHead(status, {
    'Content-Type': contentType,
    'Content-Length': Buffer.byteLength(body),
    'Cache-Control': 'no-store',
    ...headers,
  });
  res.end(body);
}

/**
 * @param {Res} res
 * @param {number} status
 * @param {unknown} value
 * @param {string} [contentType]
 */
export function sendJson(res, status, value, contentType = 'application/json') {
  send(res, status, contentType, JSON.stringify(value));
}

/**
 * @param {Res} res
 * @param {string} location
 * @param {Record<string, string>} [headers]
 */
export function redirect(res, location, headers = {}) {
  res.writeHead(302, { Location: location, 'Cache-Control': 'no-store', ...headers });
  res.end();
}

/**
 * Reads the request body as text (at most `limit` bytes).
 * @param {Req} req
 * @param {number} [limit]
 * @returns {Promise<string>}
 */
export function readBody(req, limit = 64 * 1024) {
  return new Promise((resolve, reject) => {
    /** @type {Buffer[]} */
    const chunks = [];
    let size = 0;
    req.on('data', (/** @type {Buffer} */ chunk) => {
      size += chunk.length;
      if (size > limit) {
        reject(Object.assign(new Error('body too large'), { status: 413 }));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/**
 * Reads a JSON object body; an empty body is `{}`.
 * @param {Req} req
 * @returns {Promise<Record<string, unknown>>}
 */
export async function readJson(req) {
  const text = (await readBody(req)).trim();
  if (!text) return {};
  const value = JSON.parse(text);
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    throw Object.assign(new Error('expected a JSON object'), { status: 400 });
  }
  return value;
}

/** @param {string} text */
export function escapeHtml(text) {
  return String(text).replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );
}

/** @param {number} ms */
export function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * A one-line-per-request logger; silent when `quiet`. Lines are redacted.
 * @param {boolean} quiet
 */
export function createLogger(quiet) {
  /** @param {string} line */
  return (line) => {
    if (!quiet) console.log(redact(line));
  };
}
