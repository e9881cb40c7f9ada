/**
 * What the session element needs of a relay-mode session's relay: the frame it hosts (the
 * Finesse server's own sign-in buttons) and the relay's problem. The assembly room hands the
 * relay out as the session's `relay` field; the session engine knows nothing of it.
 */
import type { FinesseError } from '../kernel/errors.ts';
import type { RelayTheme } from './protocol.ts';
import type { SessionState } from '../session/types.ts';

export interface RelayFrameHost {
  readonly frame: HTMLIFrameElement | null;
  readonly problem: FinesseError | null;
  onProblem(listener: (error: FinesseError | null) => void): () => void;
  createFrame(options: { lang: string; theme?: RelayTheme; title?: string }): HTMLIFrameElement;
  /** Creates the frame the first time, then shows or hides it for the element's state. */
  prepareFrame(element: HTMLElement, view: FrameView): void;
  dispose(): void;
}

/** What the session element tells the relay about itself at each render. */
export interface FrameView {
  lang: string;
  title: string;
  state: SessionState;
  onProblem: (error: FinesseError | null) => void;
}
