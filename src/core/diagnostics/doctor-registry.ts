import type { ConnectionReporter } from './connection-problem.ts';

const doctors = new WeakMap<object, ConnectionReporter>();

/** Links a session to its connection doctor, so endpoints built later (notifications) report to it. */
export function attachDoctor(session: object, doctor: ConnectionReporter): void {
  doctors.set(session, doctor);
}

/** The connection doctor of a session, if it has one (not in gadget mode, nor in tests). */
export function doctorOf(session: object | undefined): ConnectionReporter | undefined {
  return session ? doctors.get(session) : undefined;
}
