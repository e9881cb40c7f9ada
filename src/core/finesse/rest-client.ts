/**
 * The Finesse REST API (FINESSE.md §4) over an injected `fetch`: in the library that is the
 * session's, which adds the bearer for the configured Finesse origins and, on a 401, refreshes
 * once (only when the refused token is still the current one) and retries once.
 */
import { FinesseError } from '../kernel/errors.ts';
import { makeCallBody } from './build.ts';
import type { Dialog, FinesseUser, ReasonCategory, ReasonCode, SystemInfo } from './models.ts';
import { parseDialogs, parseReasonCodes, parseSystemInfo, parseUser } from './parse.ts';
import { apiErrorFrom, signedOut } from './rest-errors.ts';
import type { CommandResult, FinesseNode } from './rest-transport.ts';
import { RestTransport } from './rest-transport.ts';

export type { CommandResult, FinesseNode, FinesseRestClientOptions } from './rest-transport.ts';
export { apiErrorFrom, isOutOfService } from './rest-errors.ts';

/**
 * Typed reads and commands. GET answers are parsed into models; a PUT/POST resolves when
 * Finesse accepted it (200 or 202; the outcome arrives as a notification).
 *
 * Failover: any 503 (classified by status, see `isOutOfService`) switches the client to the
 * other node when one is known (configured, or named by SystemInfo via `learnNodes`), retries
 * that one request there once, and tells `onNodeChange` listeners so notifications and the
 * token endpoint move too. A 503 that stays is `out-of-service`: the agent model then polls
 * SystemInfo (`readSystemInfo`) until a node is IN_SERVICE, as Cisco documents.
 *
 * UCCE: `resolveAgent(id)` reads the user once by whatever id the session knows (the login
 * name works), then every later call for that id goes to the returned `loginId`.
 */
export class FinesseRestClient extends RestTransport {
  private agent: { asked: string; loginId: string } | null = null;

  /** The agent's `loginId` once `resolveAgent` succeeded, else null. */
  get loginId(): string | null {
    return this.agent?.loginId ?? null;
  }

  /**
   * `GET /finesse/api/SystemInfo` on one node, without failover: the recovery's poll. Its
   * nodes are learnt. Rejects (`out-of-service` on a 503) when that node does not answer it.
   */
  async readSystemInfo(node: FinesseNode): Promise<SystemInfo> {
    const base = this.urlOf(node);
    if (!base) throw new FinesseError('network', `No ${node} Finesse node is known.`);
    const { status, text } = await this.exchange('GET', '/finesse/api/SystemInfo', base);
    if (status === 401) throw signedOut();
    if (status < 200 || status >= 300) throw apiErrorFrom(status, text);
    const info = parseSystemInfo(text);
    this.learnNodes(info);
    return info;
  }

  /** Reads the user by the session's id (loginName works on UCCE) and remembers its loginId. */
  async resolveAgent(userId: string): Promise<FinesseUser> {
    const user = await this.getUser(userId);
    this.agent = { asked: userId, loginId: user.loginId || userId };
    return user;
  }

  getUser(id: string): Promise<FinesseUser> {
    return this.get(this.userPath(id), parseUser);
  }

  getReasonCodes(id: string, category: ReasonCategory): Promise<ReasonCode[]> {
    return this.get(
      `${this.userPath(id)}/ReasonCodes?category=${encodeURIComponent(category)}`,
      (x) => parseReasonCodes(x, category),
    );
  }

  getDialogs(id: string): Promise<Dialog[]> {
    return this.get(`${this.userPath(id)}/Dialogs`, parseDialogs);
  }

  async getSystemInfo(): Promise<SystemInfo> {
    const info = await this.get('/finesse/api/SystemInfo', parseSystemInfo);
    this.learnNodes(info);
    return info;
  }

  /** `PUT /finesse/api/User/<id>` with a body from `userStateBody`. */
  setUserState(id: string, body: string): Promise<CommandResult> {
    return this.command('PUT', this.userPath(id), body);
  }

  /** `POST /finesse/api/User/<id>/Dialogs`: MAKE_CALL. */
  makeCall(id: string, from: string, to: string): Promise<CommandResult> {
    return this.command('POST', `${this.userPath(id)}/Dialogs`, makeCallBody(from, to));
  }

  /** `PUT /finesse/api/Dialog/<dialogId>` with a body from `dialogActionBody`. */
  dialogAction(dialogId: string, body: string): Promise<CommandResult> {
    return this.command('PUT', `/finesse/api/Dialog/${encodeURIComponent(dialogId)}`, body);
  }

  // ---- internals ------------------------------------------------------------------------

  /** The UCCE rule: the id the agent was resolved with maps to its loginId. */
  private userPath(id: string): string {
    const agent = this.agent;
    const target = agent && id.toLowerCase() === agent.asked.toLowerCase() ? agent.loginId : id;
    return `/finesse/api/User/${encodeURIComponent(target)}`;
  }
}
