import { LitElement, html, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { PopupTest } from '../../core/diagnostics/doctor-browser.ts';
import { testPopup } from '../../core/diagnostics/doctor-browser.ts';
import {
  browserDoctorEnv,
  measureSignIn,
  storedSecrets,
} from '../../core/diagnostics/doctor-env.ts';
import type { DoctorConfig, DoctorEnv } from '../../core/diagnostics/doctor-run.ts';
import {
  bundleFileName,
  bundleJson,
  runDoctor,
  supportBundle,
  tally,
} from '../../core/diagnostics/doctor-run.ts';
import type { PairTimes } from '../../core/diagnostics/doctor-server.ts';
import type { CheckResult } from '../../core/diagnostics/doctor-types.ts';
import { LangController } from '../shared/controllers/lang-controller.ts';
import { emit } from '../shared/events.ts';
import type { DoctorLang, DoctorStrings } from './doctor-strings.ts';
import { formatFor, toDoctorLang } from './doctor-strings.ts';
import { styles } from './doctor.styles.ts';
import { renderCheck } from './doctor.templates.ts';
import { doctorEn } from './strings-en.ts';
import { doctorJa } from './strings-ja.ts';
import { doctorKo } from './strings-ko.ts';

const STRINGS: Record<DoctorLang, DoctorStrings> = { en: doctorEn, ja: doctorJa, ko: doctorKo };

/** Builds the doctor's environment; tests give their own (fake fetch, clock, storage). */
export type DoctorEnvFactory = (
  config: DoctorConfig,
  extra: { popupTest: PopupTest; measuredPair?: PairTimes | null },
) => DoctorEnv;

/**
 * The doctor for Finesse administrators: runs every check (SSO mode, token lifetimes, clock
 * skew, certificates per port, CORS, the relay allow-list, this browser, the tabs open for the
 * agent and the refresh history) and shows each as pass / warn / fail with what it means and
 * what to do, in en, ja and ko. One click saves a support bundle (JSON; never a token).
 * Not part of a desktop's first script: `dist/doctor/doctor.html` loads it, or import
 * `finesse-sso-doctor.ts` on demand.
 *
 * @summary Finesse SSO doctor: why agents are (or would be) signed out, in plain words.
 *
 * @fires finesse-doctor-complete - `{ summary: { pass, warn, fail } }` when a run of the checks ended.
 * @fires finesse-doctor-bundle - `{ fileName, bytes }` when a support bundle was saved.
 *
 * @slot - Shown above the results (the page's own notes, e.g. where this copy is uploaded).
 *
 * @csspart base - The wrapper of everything the element renders.
 * @csspart settings - The settings (desktop origin, agent).
 * @csspart run-button - "Run the checks again".
 * @csspart popup-button - "Test the sign-in popup".
 * @csspart measure-button - "Sign in to measure the token lifetimes" (when no sign-in is stored).
 * @csspart save-button - "Save the support bundle".
 * @csspart bundle-link - The link to the saved bundle.
 * @csspart summary - The live line: running, or the counts of each verdict.
 * @csspart results - The list of checks.
 * @csspart check - One check; also `check-pass`, `check-warn` or `check-fail`.
 * @csspart check-title - A check's heading.
 * @csspart verdict - A check's verdict word; also `verdict-pass`, `verdict-warn`, `verdict-fail`.
 * @csspart meaning - What a result means.
 * @csspart action - What to do about it.
 * @csspart facts - The raw facts (collapsed).
 * @csspart table - The roster and history tables; also `roster` or `history`.
 *
 * @cssproperty --finesse-sso-doctor-pass - Colour of a pass (default #1a7f37).
 * @cssproperty --finesse-sso-doctor-warn - Colour of a warning (default #7d4e00).
 * @cssproperty --finesse-sso-doctor-fail - Colour of a failure (default #b42318).
 * @cssproperty --finesse-sso-doctor-card-background - Background of each check (default white).
 * @cssproperty --finesse-sso-doctor-text-color - Text colour.
 */
export class FinesseSsoDoctor extends LitElement {
  static override styles = styles;

  /** The Finesse node; default: this page's origin. */
  @property({ attribute: 'finesse-url' }) finesseUrl = '';
  /** The notification service (`wss://fin:7443/ws`); default port 7443 of an https Finesse; "none" skips. */
  @property({ attribute: 'notification-url' }) notificationUrl = '';
  /** Cisco IdS (`https://fin:8553`); default port 8553 of an https Finesse; "none" skips. */
  @property({ attribute: 'ids-url' }) idsUrl = '';
  /** The desktop's origin, when it is not the Finesse origin. */
  @property({ attribute: 'desktop-origin' }) desktopOrigin = '';
  /** The relay's allow-list; default `../relay/allowed-origins.json` from this page. */
  @property({ attribute: 'allow-list-url' }) allowListUrl = '';
  /** The agent (`cc_username`); default: the agent of the stored sign-in. */
  @property() username = '';
  /** Do not run the checks when connected (wait for `run()`). */
  @property({ type: Boolean, attribute: 'no-autorun' }) noAutorun = false;
  /** Replaces the browser environment (tests). */
  @property({ attribute: false }) envFactory: DoctorEnvFactory = browserDoctorEnv;

  @state() private results: CheckResult[] = [];
  @state() private running = false;
  @state() private bundle: { url: string; name: string } | null = null;
  private popupTest: PopupTest = 'untested';
  private measured: PairTimes | null = null;
  private runs = 0;

  constructor() {
    super();
    new LangController(this);
  }

  /** The results of the last run (empty while none ended). */
  get checks(): readonly CheckResult[] {
    return this.running ? [] : this.results;
  }

  private get strings(): DoctorStrings {
    return STRINGS[this.docLang()];
  }

  /** The element's own `lang`, else the closest ancestor's, else the browser's. */
  private docLang(): DoctorLang {
    return toDoctorLang(this.closest('[lang]')?.getAttribute('lang') || navigator.language);
  }

  /** What the checks are run with, from the attributes. */
  config(): DoctorConfig {
    const skip = (value: string) => (value === 'none' ? '' : value || null);
    return {
      finesseUrl: new URL(this.finesseUrl || location.origin, location.href).href,
      notificationUrl: skip(this.notificationUrl),
      idsUrl: skip(this.idsUrl),
      desktopOrigin: this.desktopOrigin ? safeOrigin(this.desktopOrigin) : null,
      allowListUrl: this.allowListUrl ? new URL(this.allowListUrl, location.href).href : null,
      username: this.username || null,
    };
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (!this.noAutorun) void this.run();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    if (this.bundle) URL.revokeObjectURL(this.bundle.url);
  }

  /** Runs every check; resolves the results. A run started meanwhile supersedes this one. */
  async run(): Promise<readonly CheckResult[]> {
    const id = ++this.runs;
    this.running = true;
    this.results = [];
    const config = this.config();
    const env = this.envFactory(config, { popupTest: this.popupTest, measuredPair: this.measured });
    const results = await runDoctor(config, env, (partial) => {
      if (id === this.runs) this.results = partial;
    });
    if (id !== this.runs) return results;
    this.results = results;
    this.running = false;
    emit(this, 'finesse-doctor-complete', { summary: tally(results) });
    return results;
  }

  private onTestPopup(): void {
    this.popupTest = testPopup((url, target, features) => window.open(url, target, features));
    void this.run();
  }

  private onMeasure(): void {
    const config = this.config();
    // Opens the popup now, inside the click.
    measureSignIn(config.finesseUrl, config.username ?? undefined).then(
      (times) => {
        this.measured = times;
        void this.run();
      },
      () => void this.run(),
    );
  }

  private async onSave(): Promise<void> {
    const config = this.config();
    const bundle = supportBundle(this.results, {
      config,
      now: Date.now(),
      page: {
        origin: location.origin,
        userAgent: navigator.userAgent,
        language: navigator.language,
      },
    });
    const text = bundleJson(bundle, await storedSecrets(config));
    if (this.bundle) URL.revokeObjectURL(this.bundle.url);
    const name = bundleFileName(Date.now());
    const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
    this.bundle = { url, name };
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLAnchorElement>('[part~="bundle-link"]')?.click();
    emit(this, 'finesse-doctor-bundle', { fileName: name, bytes: text.length });
  }

  private onSettings(event: SubmitEvent): void {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const data = new FormData(form);
    this.desktopOrigin = String(data.get('desktop-origin') ?? '').trim();
    this.username = String(data.get('username') ?? '').trim();
    void this.run();
  }

  override render() {
    const t = this.strings;
    const f = formatFor(this.docLang());
    const lifetimes = this.results.find((r) => r.id === 'token-lifetimes');
    const counts = tally(this.results);
    return html`<div part="base">
      <h2>${t.title}</h2>
      <p>${t.intro}</p>
      <slot></slot>
      <form part="settings" @submit=${this.onSettings}>
        <fieldset>
          <legend>${t.settings}</legend>
          <label
            >${t.desktopOrigin}
            <input
              name="desktop-origin"
              type="url"
              .value=${this.desktopOrigin}
              placeholder="https://desktop.example.com"
              aria-describedby="desktop-hint"
            />
          </label>
          <span class="hint" id="desktop-hint">${t.desktopHint}</span>
          <label
            >${t.username} <input name="username" autocomplete="username" .value=${this.username}
          /></label>
          <div><button type="submit">${t.apply}</button></div>
        </fieldset>
      </form>
      <div class="toolbar">
        <button part="run-button" ?disabled=${this.running} @click=${() => void this.run()}>
          ${t.runAgain}
        </button>
        <button part="popup-button" @click=${this.onTestPopup}>${t.testPopup}</button>
        ${
          lifetimes?.finding === 'no-sign-in'
            ? html`<button part="measure-button" @click=${this.onMeasure}>${t.measure}</button>`
            : nothing
        }
        <button part="save-button" ?disabled=${this.running} @click=${() => void this.onSave()}>
          ${t.save}
        </button>
      </div>
      ${
        this.bundle
          ? html`<p>
              <a part="bundle-link" href=${this.bundle.url} download=${this.bundle.name}
                >${t.saved(this.bundle.name)}</a
              >
            </p>`
          : nothing
      }
      <p part="summary" role="status">${this.running ? t.running : t.summary(counts)}</p>
      <ol part="results">
        ${this.results.map((r) => renderCheck(r, t, f))}
      </ol>
    </div>`;
  }
}

/** The origin of a typed URL, or the text itself when it is not one (the check then says so). */
function safeOrigin(value: string): string {
  try {
    return new URL(value).origin;
  } catch {
    return value;
  }
}
