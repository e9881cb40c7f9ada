/**
 * Relay mode's iframe (the Finesse server's own sign-in buttons), as the session element shows
 * it: in the relay part, so the first script does without it. The element only hands over
 * itself, its language, the frame's title and its state.
 */
import type { FinesseError } from '../kernel/errors.ts';
import type { SessionState } from '../session/types.ts';
import type { FrameView, RelayFrameHost } from './relay-frame-host.ts';
import type { RelayTheme } from './protocol.ts';

/** The session element's theme values the relay frame mirrors (its own CSS custom properties). */
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
 * Creates the relay iframe once (lang and theme in its fragment) and shows or hides it.
 * `onProblem` hears the relay's failures, and null when it reconnects.
 */
export function prepareFrame(
  relay: Pick<RelayFrameHost, 'frame' | 'problem' | 'onProblem' | 'createFrame'>,
  element: HTMLElement,
  view: FrameView,
): void {
  if (!relay.frame) {
    relay.onProblem(view.onProblem);
    relay.createFrame({ lang: view.lang, theme: readRelayTheme(element), title: view.title });
  }
  relay.frame!.hidden = relayFrameHidden(view.state, relay.problem);
}
