/** Connection diagnostics: why the browser cannot reach Finesse (certificate, CSP, network). */
export { ConnectionDoctor, DEFAULT_DOCTOR_TIMING } from './connection-doctor.ts';
export type { ConnectionDoctorOptions, DoctorTiming } from './connection-doctor.ts';
export { problemLink, siteOf } from '../session/connection-problem.ts';
export type {
  ConnectionProblem,
  ConnectionProblemCode,
  ConnectionReporter,
  FailureHint,
} from '../session/connection-problem.ts';
export { reportingFetch } from './reporting-fetch.ts';
export { createSessionDoctor } from './session-doctor.ts';
