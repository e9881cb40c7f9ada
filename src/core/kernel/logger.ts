/**
 * A logger that is silent until the host opts in with `setLogLevel('debug')`. Callers pass
 * short facts (states, codes, timings), never a token: nothing secret is ever formatted here.
 */
export type LogLevel = 'silent' | 'error' | 'warn' | 'debug';

const rank: Record<LogLevel, number> = { silent: 0, error: 1, warn: 2, debug: 3 };
let level: LogLevel = 'silent';

export function setLogLevel(next: LogLevel): void {
  level = next;
}

export interface Logger {
  debug(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export function createLogger(name: string): Logger {
  const emit = (at: LogLevel, message: string) => {
    if (rank[level] < rank[at]) return;
    const line = `[finesse-sso:${name}] ${message}`;
    if (at === 'error') console.error(line);
    else console.warn(line);
  };
  return {
    debug: (message) => emit('debug', message),
    warn: (message) => emit('warn', message),
    error: (message) => emit('error', message),
  };
}
