/** Connection diagnostics: why the browser cannot reach Finesse (certificate, CSP, network). */
export { ConnectionDoctor } from './connection-doctor.ts';
export { DEFAULT_DOCTOR_TIMING } from './doctor-options.ts';
export type { ConnectionDoctorOptions, DoctorTiming } from './doctor-options.ts';
export { problemLink, siteOf } from '../session/connection-problem.ts';
export type {
  ConnectionProblem,
  ConnectionProblemCode,
  ConnectionReporter,
  FailureHint,
} from '../session/connection-problem.ts';
export { reportingFetch } from './reporting-fetch.ts';
export { createSessionDoctor } from './session-doctor.ts';
