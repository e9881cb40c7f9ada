/**
 * The agent model's end of a NotificationService: subscribes, starts and stops it, tracks its
 * status, and turns each RawUpdate into a parsed FinesseUpdate (ignoring what does not parse).
 */
import { createLogger } from '../kernel/logger.ts';
import type {
  NotificationProblem,
  NotificationService,
  NotificationStatus,
  RawUpdate,
} from '../notifications/types.ts';
import type { FinesseUpdate } from './models.ts';
import { parseUpdate } from './parse.ts';

const log = createLogger('agent');

export interface LinkHandlers {
  update(update: FinesseUpdate): void;
  /** The service's status changed (or was first read); `was` is the previous one. */
  status(status: NotificationStatus, was: NotificationStatus): void;
}

export class NotificationLink {
  private service: NotificationService | null = null;
  private offs: (() => void)[] = [];
  private current: NotificationStatus = 'stopped';

  constructor(private readonly handlers: LinkHandlers) {}

  get attached(): boolean {
    return this.service !== null;
  }

  /** The attached service's status ('stopped' when none). */
  get status(): NotificationStatus {
    return this.current;
  }

  /** The attached service's known failure reason (null when none or not told). */
  get problem(): NotificationProblem | null {
    return this.service?.problem ?? null;
  }

  attach(service: NotificationService): void {
    this.detach();
    this.service = service;
    this.current = service.status;
    this.offs = [
      service.onUpdate((raw) => this.receive(raw)),
      service.onStatus((status) => this.report(status)),
    ];
    service.start();
    this.report(service.status, true);
  }

  detach(): void {
    for (const off of this.offs) off();
    this.offs = [];
    const service = this.service;
    this.service = null;
    this.current = 'stopped';
    service?.stop();
  }

  private report(status: NotificationStatus, always = false): void {
    const was = this.current;
    if (!this.service || (status === was && !always)) return;
    this.current = status;
    this.handlers.status(status, was);
  }

  private receive(raw: RawUpdate): void {
    let update: FinesseUpdate;
    try {
      update = parseUpdate(raw.xml);
    } catch {
      log.warn(`ignored an update on ${raw.node} that is not a Finesse <Update>`);
      return;
    }
    this.handlers.update(update);
  }
}
