/**
 * Where the notification Worker comes from. Chosen by a build-time constant that
 * vite.config.ts defines (`'es'` or `'iife'`); running from source (Vite's dev server,
 * web-test-runner) it is undefined and the Worker is the TypeScript file itself, as a module.
 * Never a blob: or data: URL, so a strict CSP (`worker-src 'self'`) allows it.
 */
import type { WorkerCommand, WorkerEvent } from './worker-protocol.ts';

import { BUILD, loaderScript } from '../kernel/build-info.ts';
import { configuredWorkerUrl } from './worker-config.ts';

export { BUILD, loaderScript };

/** The built file, beside the bundle that loads it. */
export const WORKER_FILE = 'finesse-sso-xmpp-worker.js';

/** The part of Worker the connection manager uses. */
export interface WorkerLike {
  postMessage(message: WorkerCommand): void;
  terminate(): void;
  onmessage: ((event: MessageEvent<WorkerEvent>) => void) | null;
  onerror: ((event: Event) => void) | null;
}

/** The Worker's URL and type for this build (a URL given here or configured wins). */
export function workerSource(url: string | URL | undefined = configuredWorkerUrl()): {
  url: URL;
  type: WorkerType;
} {
  if (url !== undefined) return { url: new URL(url, globalThis.location?.href), type: 'classic' };
  if (BUILD === 'es') {
    // A literal, so bundlers that build the host app (Vite, webpack 5) copy the file along.
    return {
      url: new URL(/* @vite-ignore */ './finesse-sso-xmpp-worker.js', import.meta.url),
      type: 'classic',
    };
  }
  if (BUILD === 'iife') {
    if (!loaderScript) {
      throw new Error(
        `Cannot tell where ${WORKER_FILE} is: load the bundle with a <script src> or call setXmppWorkerUrl().`,
      );
    }
    return { url: new URL(WORKER_FILE, loaderScript), type: 'classic' };
  }
  const source = './xmpp-worker.ts';
  return { url: new URL(/* @vite-ignore */ source, import.meta.url), type: 'module' };
}

/** Starts the notification Worker; throws where Workers are unavailable or refused. */
export function createXmppWorker(url?: string | URL): WorkerLike {
  if (typeof Worker !== 'function') throw new Error('Workers are not available here.');
  const source = workerSource(url);
  return new Worker(source.url, { type: source.type }) as unknown as WorkerLike;
}
