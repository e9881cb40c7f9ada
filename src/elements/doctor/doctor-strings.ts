import type { CheckId, Fact, Verdict } from '../../core/diagnostics/doctor-types.ts';

/**
 * The doctor's words, kept apart from the desktop's catalogues (src/i18n) so that the first
 * script of a desktop does not carry them: only the doctor's own bundle does.
 */
export type DoctorLang = 'en' | 'ja' | 'ko';

/** Formats facts for a sentence, in the page's language. */
export interface Format {
  /** An epoch-ms time as a local clock time (`14:05:09`). */
  time(at: Fact): string;
  /** A number of seconds, or milliseconds as seconds (`ms(61500)` → `62`). */
  ms(value: Fact): string;
  /** A fact as text (`—` for null). */
  text(value: Fact): string;
}

/** One finding's explanation: what it means, and what to do (empty when nothing). */
export interface Explanation {
  meaning: string;
  action: string;
}

export type Explain = (facts: Record<string, Fact>, f: Format) => Explanation;

export interface DoctorStrings {
  title: string;
  intro: string;
  verdict: Record<Verdict, string>;
  running: string;
  summary(counts: Record<Verdict, number>): string;
  runAgain: string;
  testPopup: string;
  measure: string;
  save: string;
  saved(fileName: string): string;
  settings: string;
  desktopOrigin: string;
  desktopHint: string;
  username: string;
  apply: string;
  whatItMeans: string;
  whatToDo: string;
  details: string;
  tabsCaption: string;
  tabHeaders: { tab: string; user: string; state: string; refresh: string; notifications: string };
  historyCaption: string;
  historyHeaders: {
    at: string;
    tab: string;
    kind: string;
    outcome: string;
    code: string;
    generation: string;
  };
  kinds: { 'sign-in': string; refresh: string };
  outcomes: { ok: string; failed: string };
  yes: string;
  no: string;
  /** `certificate` is shown once per port: its title names the port. */
  checks: Record<Exclude<CheckId, 'certificate'>, string> & {
    certificate(role: string, origin: string): string;
  };
  roles: { finesse: string; notifications: string; ids: string };
  /** `${checkId}/${finding}` → explanation. */
  findings: Record<string, Explain>;
}

/** `ja-JP` → `ja`; unsupported → `en`. */
export function toDoctorLang(tag: string | null | undefined): DoctorLang {
  const primary = (tag ?? '').trim().toLowerCase().split(/[-_]/)[0];
  return primary === 'ja' || primary === 'ko' ? primary : 'en';
}

export function formatFor(lang: DoctorLang): Format {
  const locale = { en: 'en-GB', ja: 'ja-JP', ko: 'ko-KR' }[lang];
  const text = (value: Fact) => (value === null || value === '' ? '—' : String(value));
  return {
    time: (at) =>
      typeof at === 'number'
        ? new Date(at).toLocaleTimeString(locale, { hour12: false })
        : text(at),
    ms: (value) => (typeof value === 'number' ? String(Math.round(value / 1000)) : text(value)),
    text,
  };
}
