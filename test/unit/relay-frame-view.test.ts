import { expect } from '@open-wc/testing';
import { FinesseError } from '../../src/core/kernel/errors.ts';
import { prepareFrame } from '../../src/core/relay/relay-frame-view.ts';
import type { FrameView } from '../../src/core/relay/relay-frame-host.ts';

/** A stand-in relay: counts frames created, records the options of the first. */
function standInRelay() {
  const relay = {
    frame: null as HTMLIFrameElement | null,
    problem: null as FinesseError | null,
    created: [] as Array<{ lang: string; title?: string; theme?: object }>,
    listeners: 0,
    onProblem() {
      relay.listeners++;
      return () => undefined;
    },
    createFrame(options: { lang: string; title?: string; theme?: object }) {
      relay.created.push(options);
      relay.frame = document.createElement('iframe');
      return relay.frame;
    },
  };
  return relay;
}

const view = (state: FrameView['state']): FrameView => ({
  lang: 'ja',
  title: 'サインイン',
  state,
  onProblem: () => undefined,
});

describe('the relay frame as the session element shows it', () => {
  it('is created once, with the language, title and the element theme', () => {
    const relay = standInRelay();
    const element = document.createElement('div');
    element.style.setProperty('--finesse-sso-session-accent', '#0a7');
    document.body.append(element);
    prepareFrame(relay, element, view('signed-out'));
    prepareFrame(relay, element, view('signed-out'));
    element.remove();
    expect(relay.created).to.have.length(1);
    expect(relay.listeners).to.equal(1);
    expect(relay.created[0]).to.deep.include({ lang: 'ja', title: 'サインイン' });
    expect(relay.created[0]!.theme).to.deep.equal({ accent: '#0a7' });
  });

  it('shows its buttons while a sign-in is wanted, and hides while the pair works', () => {
    const relay = standInRelay();
    const element = document.createElement('div');
    const hiddenIn = (state: FrameView['state']) => {
      prepareFrame(relay, element, view(state));
      return relay.frame!.hidden;
    };
    expect(hiddenIn('signed-out')).to.equal(false);
    expect(hiddenIn('needs-sign-in')).to.equal(false);
    expect(hiddenIn('signing-in')).to.equal(false);
    expect(hiddenIn('active')).to.equal(true);
    expect(hiddenIn('refreshing')).to.equal(true);
    expect(hiddenIn('offline')).to.equal(true);
  });

  it('stays visible when the relay shows its own "not allowed" message, whatever the state', () => {
    const relay = standInRelay();
    relay.problem = new FinesseError('relay-not-allowed', 'not allowed');
    prepareFrame(relay, document.createElement('div'), view('active'));
    expect(relay.frame!.hidden).to.equal(false);
  });
});
