// @ts-check
/**
 * The Finesse REST API (XML), bearer-checked except `UserAuthMode`: SystemInfo, User (GET, and
 * PUT for state changes), ReasonCodes, Dialogs (GET, POST MAKE_CALL) and Dialog (GET, PUT
 * actions). PUT/POST answer 202 with an empty body; the outcome arrives as a notification.
 * Request bodies are parsed as XML; malformed ones are a 400 `Invalid Input`.
 */
import { ApiFailure, apiErrorsXml, badRequest } from './api-errors.js';
import { names } from './directory.js';
import { dialogXml, dialogsXml, systemInfoXml } from './finesse-xml.js';
import { readBody, send } from './http-util.js';
import { CATEGORIES, listed, reasonCodesXml } from './reason-codes.js';
import { child, childText, parseXml } from './xml.js';

/** @typedef {import('node:http').IncomingMessage} Req */
/** @typedef {import('node:http').ServerResponse} Res */
/** @typedef {import('./xml.js').XmlElement} XmlElement */

const XML = 'application/xml;charset=UTF-8';

/** @param {Res} res @param {number} status @param {string} body @param {Record<string, string>} [headers] */
const sendXml = (res, status, body, headers) => send(res, status, XML, `${body}\n`, headers);

/**
 * Reads the body as one XML document whose root is `root`.
 * @param {Req} req @param {string} root
 */
async function readDocument(req, root) {
  const text = await readBody(req);
  let doc;
  try {
    doc = parseXml(text);
  } catch (error) {
    const reason = /** @type {Error} */ (error).message;
    throw badRequest('Invalid Input', `The request body is not well-formed XML: ${reason}.`);
  }
  if (doc.name !== root) throw badRequest('Invalid Input', `Expected a <${root}> document.`);
  return doc;
}

/** The value of `actionParams/ActionParam` called `name`. @param {XmlElement} doc @param {string} name */
function actionParam(doc, name) {
  const params = child(doc, 'actionParams')?.children ?? [];
  const param = params.find((p) => p.name === 'ActionParam' && childText(p, 'name') === name);
  return param ? childText(param, 'value') : undefined;
}

/**
 * @param {{
 *   tokens: import('./tokens.js').TokenRegistry,
 *   counters: Record<string, number>,
 *   config: () => { deployment: string },
 *   cti: import('./cti.js').Cti,
 *   systemInfo: (node: string) => Parameters<typeof systemInfoXml>[0],
 * }} deps
 */
export function createFinesseApi({ tokens, counters, config, cti, systemInfo }) {
  /**
   * Checks `Authorization: Bearer`; answers the 401 itself and returns null when refused.
   * @param {Req} req @param {Res} res
   */
  function authenticate(req, res) {
    const match = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '');
    const result = tokens.bearer(match?.[1]);
    if (result.status === 'ok') return result.user;
    // Test instrumentation: the e2e suite's pages stamp each authorised call with the time it
    // left the page (`X-Sent-At`, ms). A token that was still valid then and expired on the
    // way was delayed by a loaded machine, which no client controls: counted apart from a
    // token handed out after its expiry. Without the stamp every expired call counts as the
    // latter.
    const sentAt = Number(req.headers['x-sent-at'] ?? NaN);
    if (result.status === 'expired' && Number.isFinite(sentAt) && sentAt < result.expiresAt) {
      counters.apiExpiredInTransit += 1;
    } else if (result.status === 'expired') {
      counters.apiExpiredToken += 1;
      // How late the latest expired call came: a few hundred ms is a call in flight when the
      // token expired; more means a token was handed out after its expiry.
      counters.apiExpiredLateMaxMs = Math.max(counters.apiExpiredLateMaxMs, result.lateMs);
    } else counters.apiUnknownToken += 1;
    const message = result.status === 'expired' ? 'The token has expired.' : 'Invalid token.';
    sendXml(res, 401, apiErrorsXml({ type: 'Unauthorized', message }), {
      'WWW-Authenticate': 'Bearer',
    });
    return null;
  }

  /**
   * The login name the path's id stands for: the caller's own loginId, or (GET User only)
   * its login name. UCCE refuses the login name everywhere else.
   * @param {string} id @param {string} caller @param {boolean} byLoginName
   */
  function resolveUser(id, caller, byLoginName) {
    const profile = cti.profile(caller);
    if (names(profile, id, byLoginName)) return caller;
    if (id.toLowerCase() === profile.loginName) {
      throw new ApiFailure(
        404,
        'Not Found',
        `In a ${config().deployment} deployment this resource is addressed by the loginId (${profile.loginId}).`,
        id,
      );
    }
    throw new ApiFailure(401, 'Unauthorized', 'The user is not authorized to make this request.');
  }

  /** @param {Req} req */
  const requestIdOf = (req) => String(req.headers.requestid ?? '').slice(0, 200);

  /** @param {Res} res */
  const accepted = (res) => send(res, 202, XML, '');

  /**
   * @param {Req} req @param {Res} res @param {string[]} parts path after /finesse/api/
   * @param {string} caller @param {string} node the node answering
   */
  async function route(req, res, parts, caller, node) {
    const method = req.method ?? 'GET';
    const [resource, id, sub] = parts;
    if (method === 'PUT' || method === 'POST') counters.restCommands += 1;
    if (resource === 'SystemInfo' && parts.length === 1 && method === 'GET') {
      return sendXml(res, 200, systemInfoXml(systemInfo(node)));
    }
    if (resource === 'User' && parts.length === 2) {
      const user = resolveUser(id, caller, method === 'GET');
      if (method === 'GET') return sendXml(res, 200, cti.userDocument(user));
      if (method === 'PUT') {
        const doc = await readDocument(req, 'User');
        const request = {
          state: childText(doc, 'state'),
          reasonCodeId: childText(doc, 'reasonCodeId'),
          extension: childText(doc, 'extension'),
        };
        cti.requestState(user, request, requestIdOf(req));
        return accepted(res);
      }
    }
    if (resource === 'User' && parts.length === 3 && sub === 'ReasonCodes' && method === 'GET') {
      resolveUser(id, caller, false);
      return reasonCodes(res, new URL(req.url ?? '', 'http://x').searchParams.get('category'));
    }
    if (resource === 'User' && parts.length === 3 && sub === 'Dialogs') {
      const user = resolveUser(id, caller, false);
      if (method === 'GET') return sendXml(res, 200, dialogsXml(cti.dialogsOf(user)));
      if (method === 'POST') {
        const doc = await readDocument(req, 'Dialog');
        const request = {
          action: childText(doc, 'requestedAction'),
          fromAddress: childText(doc, 'fromAddress'),
          toAddress: childText(doc, 'toAddress'),
        };
        cti.makeCall(user, request, requestIdOf(req));
        return accepted(res);
      }
    }
    if (resource === 'Dialog' && parts.length === 2) {
      if (method === 'GET') {
        const dialog = cti.dialog(id);
        if (!dialog || dialog.owner !== caller) {
          throw new ApiFailure(404, 'Not Found', `Dialog ${id} was not found.`, id);
        }
        return sendXml(res, 200, dialogXml(dialog));
      }
      if (method === 'PUT') {
        const doc = await readDocument(req, 'Dialog');
        const request = {
          action: childText(doc, 'requestedAction'),
          target: childText(doc, 'targetMediaAddress'),
          toAddress: childText(doc, 'toAddress'),
          dtmf: actionParam(doc, 'dtmfString'),
        };
        cti.dialogAction(caller, id, request, requestIdOf(req));
        return accepted(res);
      }
    }
    throw new ApiFailure(
      404,
      'Not Found',
      `No resource at ${method} /finesse/api/${parts.join('/')}.`,
    );
  }

  /** @param {Res} res @param {string | null} category */
  function reasonCodes(res, category) {
    if (!category) {
      throw badRequest('Parameter Missing', 'category is required', 'category');
    }
    const wanted = category === 'ALL' ? CATEGORIES : CATEGORIES.filter((c) => c === category);
    if (wanted.length === 0) {
      throw badRequest('Invalid Input', `${category} is not a reason code category.`, 'category');
    }
    sendXml(res, 200, reasonCodesXml(wanted.flatMap(listed)));
  }

  /**
   * Handles `/finesse/api/*`.
   * @param {Req} req @param {Res} res @param {URL} url @param {string} [node] the node answering
   */
  async function handle(req, res, url, node = 'primary') {
    counters.apiCalls += 1;
    if (url.pathname === '/finesse/api/SystemInfo') counters.systemInfoCalls += 1;
    const parts = url.pathname.split('/').slice(3).map(decodeURIComponent);
    if (req.method === 'GET' && parts[0] === 'UserAuthMode' && parts.length === 2) {
      return sendXml(res, 200, '<UserAuthMode><authMode>SSO</authMode></UserAuthMode>');
    }
    const caller = authenticate(req, res);
    if (caller === null) return;
    try {
      await route(req, res, parts, caller, node);
    } catch (error) {
      if (!(error instanceof ApiFailure)) throw error;
      sendXml(res, error.status, apiErrorsXml(error));
    }
  }

  /**
   * The 503 of a node that is out of service, with the body `style` asks for: Finesse's body
   * is not reliably documented, and clients must go by the status.
   * @param {Res} res @param {'api-errors' | 'empty' | 'html'} [style] @param {URL} [url]
   */
  function outOfService(res, style = 'api-errors', url) {
    counters.apiCalls += 1;
    if (url?.pathname === '/finesse/api/SystemInfo') counters.systemInfoCalls += 1;
    if (style === 'empty') return send(res, 503, 'text/plain', '');
    if (style === 'html') {
      const page = '<html><body><h1>HTTP Status 503 – Service Unavailable</h1></body></html>';
      return send(res, 503, 'text/html;charset=utf-8', page);
    }
    sendXml(
      res,
      503,
      apiErrorsXml({
        type: 'SERVER_OUT_OF_SERVICE',
        message: 'Finesse is out of service',
        data: null,
      }),
    );
  }

  return { handle, outOfService };
}
