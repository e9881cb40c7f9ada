import { fixture, html } from '@open-wc/testing';
import '../../src/elements/sso-session/finesse-sso-session.ts';
import type { FinesseSsoSession } from '../../src/elements/sso-session/sso-session.component.ts';
import type { FakeSession } from './fake-session.ts';

/** Mounts `<finesse-sso-session>` on a fake session (set before connecting, so not owned). */
export function mount(session: FakeSession, lang?: string): Promise<FinesseSsoSession> {
  return lang === undefined
    ? fixture<FinesseSsoSession>(
        html`<finesse-sso-session .session=${session}></finesse-sso-session>`,
      )
    : fixture<FinesseSsoSession>(
        html`<finesse-sso-session lang=${lang} .session=${session}></finesse-sso-session>`,
      );
}

/** The first element in the shadow root carrying this part name. */
export function part(el: FinesseSsoSession, name: string): HTMLElement | null {
  return el.shadowRoot!.querySelector<HTMLElement>(`[part~="${name}"]`);
}

/** Visible text of a node, whitespace collapsed. */
export function text(node: Element | null | undefined): string {
  return (node?.textContent ?? '').replace(/\s+/g, ' ').trim();
}

/** Re-renders after the test moved the fake's clock or state (what a tick or an event does). */
export async function rerender(el: FinesseSsoSession): Promise<void> {
  el.requestUpdate();
  await el.updateComplete;
}

/** The visually hidden assertive live region. */
export function announcer(el: FinesseSsoSession): HTMLElement {
  return el.shadowRoot!.querySelector<HTMLElement>('[aria-live="assertive"]')!;
}
