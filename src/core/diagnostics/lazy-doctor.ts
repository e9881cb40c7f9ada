/**
 * The session's connection doctor, loaded only when something fails: until a request, socket
 * or frame fails or the page's CSP blocks an address, there is nothing to diagnose, so the
 * first script carries this stand-in instead of the doctor (the diagnostics part).
 */
import type { ConnectionProblem, DoctorLike, FailureHint } from '../session/connection-problem.ts';
import type { ConnectionDoctor } from './connection-doctor.ts';
import type { ViolationLike } from './csp-violation.ts';

type Listener = (problems: readonly ConnectionProblem[]) => void;

export class LazyDoctor implements DoctorLike {
  private readonly load: () => Promise<ConnectionDoctor>;
  private readonly listeners = new Set<Listener>();
  private real: ConnectionDoctor | null = null;
  private pending: Array<(doctor: ConnectionDoctor) => void> = [];
  private loading = false;
  private started = false;
  private disposed = false;

  /** A violation may name an address of this session: the doctor decides, once loaded. */
  private readonly onViolation = (event: Event): void => {
    const violation = event as unknown as ViolationLike;
    if (violation.disposition === 'report' || !/^[a-z]+:\/\//i.test(violation.blockedURI ?? '')) {
      return;
    }
    const copy: ViolationLike = {
      blockedURI: violation.blockedURI,
      effectiveDirective: violation.effectiveDirective,
      violatedDirective: violation.violatedDirective,
      disposition: violation.disposition,
    };
    this.withDoctor((doctor) => doctor.noteViolation(copy));
  };

  /** `load` makes the real doctor (from the diagnostics part). */
  constructor(load: () => Promise<ConnectionDoctor>) {
    this.load = load;
  }

  get problems(): readonly ConnectionProblem[] {
    return this.real?.problems ?? [];
  }

  onChange(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  start(): void {
    if (this.started || this.disposed) return;
    this.started = true;
    if (this.real) this.real.start();
    else document.addEventListener('securitypolicyviolation', this.onViolation);
  }

  dispose(): void {
    this.disposed = true;
    document.removeEventListener('securitypolicyviolation', this.onViolation);
    this.real?.dispose();
    this.listeners.clear();
    this.pending = [];
  }

  reportFailure(url: string | URL, hint?: FailureHint): void {
    this.withDoctor((doctor) => doctor.reportFailure(url, hint));
  }

  reportSuccess(url: string | URL): void {
    // Before any failure there is nothing for a success to clear.
    if (this.real) this.real.reportSuccess(url);
    else if (this.loading) this.pending.push((doctor) => doctor.reportSuccess(url));
  }

  /** Runs `use` on the real doctor, loading it first; a part that cannot load diagnoses nothing. */
  private withDoctor(use: (doctor: ConnectionDoctor) => void): void {
    if (this.disposed) return;
    if (this.real) {
      use(this.real);
      return;
    }
    this.pending.push(use);
    if (this.loading) return;
    this.loading = true;
    this.load().then(
      (doctor) => {
        if (this.disposed) {
          doctor.dispose();
          return;
        }
        this.real = doctor;
        doctor.onChange((problems) => this.listeners.forEach((listener) => listener(problems)));
        if (this.started) {
          document.removeEventListener('securitypolicyviolation', this.onViolation);
          doctor.start();
        }
        const pending = this.pending;
        this.pending = [];
        pending.forEach((run) => run(doctor));
      },
      () => {
        this.loading = false;
        this.pending = [];
      },
    );
  }
}
