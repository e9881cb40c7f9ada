import { expect } from '@open-wc/testing';
import type { FinesseError } from '../../src/core/kernel/errors.ts';
import { openPopupAndReadJson, readJsonDocument } from '../../src/core/ids/popup.ts';
import { ManualClock, flush } from './helpers/manual-clock.ts';

const ORIGIN = 'https://fin.test:8445';
const PATH = '/desktop/sso/token';
const JSON_TEXT = '{"token":"at-1","refresh_token":"rt-1","expires_in":300,"user_id":"agent1"}';

/** A stand-in for the popup's WindowProxy: the test moves it through the redirect chain. */
class FakePopup {
  closed = false;
  closedByUs = false;
  navigatedTo: string[] = [];
  crossOrigin = false;
  href = 'about:blank';
  doc: Partial<Document> = { readyState: 'complete', contentType: 'text/html' };

  get location() {
    if (this.crossOrigin) throw new DOMException('Blocked a frame', 'SecurityError');
    const setHref = (value: string) => this.navigatedTo.push(value);
    const href = this.href;
    const url = this.href === 'about:blank' ? null : new URL(this.href);
    return {
      get href() {
        return href;
      },
      set href(value: string) {
        setHref(value);
      },
      origin: url?.origin ?? 'null',
      pathname: url?.pathname ?? 'blank',
    };
  }
  get document() {
    if (this.crossOrigin) throw new DOMException('Blocked a frame', 'SecurityError');
    return this.doc as Document;
  }
  close() {
    this.closed = true;
    this.closedByUs = true;
  }
  showJson(text: string, viewer = false) {
    this.crossOrigin = false;
    this.href = `${ORIGIN}${PATH}?cc_username=agent1&code=x`;
    const holder = document.createElement('div');
    holder.innerHTML = viewer ? `<div class="json-formatter"><pre>${text}</pre></div>` : '';
    this.doc = {
      readyState: 'complete',
      contentType: 'application/json',
      querySelector: ((selector: string) =>
        holder.querySelector(selector)) as Document['querySelector'],
      body: Object.assign(document.createElement('body'), { textContent: text }),
    };
  }
}

function start(
  popup: FakePopup | null,
  clock: ManualClock,
  timeoutMs = 60_000,
  checkJsonViewer = false,
) {
  const outcome: { text?: string; error?: FinesseError } = {};
  const promise = openPopupAndReadJson({
    url: `${ORIGIN}${PATH}?cc_username=agent1&return_refresh_token=true`,
    expectedOrigin: ORIGIN,
    expectedPath: PATH,
    clock,
    open: () => popup as unknown as WindowProxy,
    timeoutMs,
    checkJsonViewer,
  }).then(
    (text) => (outcome.text = text),
    (error: FinesseError) => (outcome.error = error),
  );
  return { outcome, promise };
}

describe('openPopupAndReadJson', () => {
  it('opens about:blank synchronously, navigates it, follows cross-origin hops, and reads the JSON', async () => {
    const clock = new ManualClock();
    const popup = new FakePopup();
    const { outcome } = start(popup, clock);
    expect(popup.navigatedTo).to.deep.equal([
      `${ORIGIN}${PATH}?cc_username=agent1&return_refresh_token=true`,
    ]);
    popup.crossOrigin = true; // on IdS and the IdP: reading throws, which is fine
    await clock.advance(3000);
    expect(outcome).to.deep.equal({});
    popup.showJson(JSON_TEXT);
    await clock.advance(300);
    await flush();
    expect(outcome.text).to.equal(JSON_TEXT);
    expect(popup.closedByUs).to.equal(true);
  });

  it('reads the JSON through a JSON viewer that rewrote the page', async () => {
    const clock = new ManualClock();
    const popup = new FakePopup();
    const { outcome } = start(popup, clock);
    popup.showJson(JSON_TEXT, true);
    await clock.advance(300);
    await flush();
    expect(outcome.text).to.equal(JSON_TEXT);
  });

  it('rejects popup-blocked when the browser returns no window', async () => {
    const clock = new ManualClock();
    const { outcome, promise } = start(null, clock);
    await promise;
    expect(outcome.error?.code).to.equal('popup-blocked');
  });

  it('tells a popup closed by the agent from one cut off by COOP', async () => {
    const clock = new ManualClock();
    const agent = new FakePopup();
    const closedByAgent = start(agent, clock);
    await clock.advance(10_000);
    agent.closed = true;
    await clock.advance(300);
    await closedByAgent.promise;
    expect(closedByAgent.outcome.error?.code).to.equal('popup-closed');

    const severed = new FakePopup();
    const cut = start(severed, clock);
    severed.crossOrigin = true;
    await clock.advance(250);
    severed.closed = true; // COOP: the opener sees closed right at a navigation
    await clock.advance(300);
    await cut.promise;
    expect(cut.outcome.error?.code).to.equal('popup-opener-lost');
  });

  it('times out, closing the popup', async () => {
    const clock = new ManualClock();
    const popup = new FakePopup();
    const { outcome, promise } = start(popup, clock, 5_000);
    popup.crossOrigin = true;
    await clock.advance(6_000);
    await promise;
    expect(outcome.error?.code).to.equal('popup-timeout');
    expect(popup.closedByUs).to.equal(true);
  });

  it('reports token-page-unreadable for a page on the token path that is not JSON', async () => {
    const clock = new ManualClock();
    const popup = new FakePopup();
    const { outcome, promise } = start(popup, clock);
    popup.href = `${ORIGIN}${PATH}?code=x`;
    popup.doc = { readyState: 'complete', contentType: 'text/html' };
    await clock.advance(1000);
    expect(outcome).to.deep.equal({});
    await clock.advance(2500);
    await promise;
    expect(outcome.error?.code).to.equal('token-page-unreadable');
  });
});

describe('the JSON viewer check before the sign-in', () => {
  const TOKEN_URL = `${ORIGIN}${PATH}?cc_username=agent1&return_refresh_token=true`;

  /** Puts the popup on the check's own document, readable as a browser without a viewer shows it. */
  function showProbe(popup: FakePopup) {
    const url = popup.navigatedTo[0]!;
    const text = readProbeText(url);
    return text.then((body) => {
      popup.href = url;
      popup.doc = {
        readyState: 'complete',
        contentType: 'application/json',
        querySelector: (() => null) as Document['querySelector'],
        body: Object.assign(document.createElement('body'), { textContent: body }),
      };
    });
  }
  const readProbeText = async (url: string) => (await fetch(url)).text();

  it('first shows the popup a same-origin JSON document that holds no token', async () => {
    const clock = new ManualClock();
    const popup = new FakePopup();
    start(popup, clock, 60_000, true);
    expect(popup.navigatedTo).to.have.length(1);
    const [probe] = popup.navigatedTo;
    expect(new URL(probe!).protocol).to.equal('blob:');
    expect(new URL(new URL(probe!).pathname).origin).to.equal(location.origin);
    const body = await readProbeText(probe!);
    expect(() => JSON.parse(body) as unknown).not.to.throw();
    expect(body).not.to.match(/token"/);
  });

  it('reports json-viewer at once when the page may not read its own JSON document', async () => {
    const clock = new ManualClock();
    const popup = new FakePopup();
    const { outcome, promise } = start(popup, clock, 60_000, true);
    popup.crossOrigin = true; // what Firefox's viewer does: the document gets the viewer's origin
    await clock.advance(100);
    await promise;
    expect(outcome.error?.code).to.equal('json-viewer');
    expect(outcome.error?.message).to.match(/devtools\.jsonview\.enabled/);
    expect(popup.closedByUs).to.equal(true);
    expect(popup.navigatedTo, 'the sign-in never started').to.have.length(1);
  });

  it('goes on to the sign-in once the check document was read', async () => {
    const clock = new ManualClock();
    const popup = new FakePopup();
    const { outcome } = start(popup, clock, 60_000, true);
    await clock.advance(100);
    expect(popup.navigatedTo).to.have.length(1, 'still waiting for the check document');
    await showProbe(popup);
    await clock.advance(100);
    expect(popup.navigatedTo).to.deep.equal([popup.navigatedTo[0], TOKEN_URL]);
    popup.crossOrigin = true; // now on IdS: unreadable is normal
    await clock.advance(3000);
    expect(outcome).to.deep.equal({});
    popup.showJson(JSON_TEXT);
    await clock.advance(300);
    await flush();
    expect(outcome.text).to.equal(JSON_TEXT);
  });

  it('goes on to the sign-in without a verdict when the check document never shows', async () => {
    const clock = new ManualClock();
    const popup = new FakePopup();
    const { outcome } = start(popup, clock, 60_000, true);
    await clock.advance(4_000);
    expect(popup.navigatedTo).to.have.length(1);
    await clock.advance(1_100);
    expect(popup.navigatedTo.at(-1)).to.equal(TOKEN_URL);
    expect(outcome).to.deep.equal({});
  });
});

describe('readJsonDocument', () => {
  it('returns null for a non-JSON document', () => {
    expect(readJsonDocument({ contentType: 'text/html' } as Document)).to.equal(null);
  });
});
