/** Relay mode's iframe (the Finesse server's own sign-in buttons), as the session element shows it. */
import type { FinesseError } from '../../core/kernel/errors.ts';
import type { RelayTheme } from '../../core/relay/protocol.ts';
import type { AssembledSession } from '../../core/assembly/assembled-session.ts';
import type { SessionState } from '../../core/session/types.ts';
import type { Lang } from '../../i18n/index.ts';

/** The element's theme values the relay frame mirrors (its own CSS custom properties). */
export function readRelayTheme(element: Element): RelayTheme {
  const style = getComputedStyle(element);
  const read = (name: string) => style.getPropertyValue(`--finesse-sso-session-${name}`).trim();
  const theme: RelayTheme = {};
  const pairs: Array<[keyof RelayTheme, string]> = [
    ['accent', 'accent'],
    ['accentContrast', 'accent-contrast'],
    ['text', 'text-color'],
    ['background', 'background'],
    ['radius', 'radius'],
    ['font', 'font'],
  ];
  for (const [key, name] of pairs) {
    const value = read(name);
    if (value) theme[key] = value;
  }
  return theme;
}

/**
 * The relay frame is shown while it has something to show: its sign-in buttons (signed out,
 * needs sign-in, signing in) or its own "not allowed" message. It stays loaded while hidden,
 * because the refresher tab needs it.
 */
export function relayFrameHidden(state: SessionState, problem: FinesseError | null): boolean {
  if (problem?.code === 'relay-not-allowed' || problem?.code === 'relay-version-mismatch') {
    return false;
  }
  return state === 'active' || state === 'refreshing' || state === 'offline';
}

/**
 * Relay mode: creates the relay iframe once (lang and theme in its fragment) and shows or hides
 * it. `onProblem` hears the relay's failures, and null when it reconnects.
 */
export function prepareRelayFrame(
  element: HTMLElement,
  session: AssembledSession | undefined,
  lang: Lang,
  title: string,
  onProblem: (error: FinesseError | null) => void,
): void {
  const relay = session?.relay;
  if (!relay) return;
  if (!relay.frame) {
    relay.onProblem(onProblem);
    relay.createFrame({ lang, theme: readRelayTheme(element), title });
  }
  relay.frame!.hidden = relayFrameHidden(session.state, relay.problem);
}
