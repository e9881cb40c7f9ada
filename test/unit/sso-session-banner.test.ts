import { expect } from '@open-wc/testing';
import { en } from '../../src/i18n/en.ts';
import { FakeSession } from './fake-session.ts';
import { announcer, mount, part, rerender, text } from './sso-session-helpers.ts';

/** A session whose pair was refused, expiring `leftMs` from the fake's now. */
function refused(leftMs: number): FakeSession {
  const session = new FakeSession();
  session.signInNow();
  session.state = 'needs-sign-in';
  session.fail('refresh-rejected');
  session.expiresAt = session.time + leftMs;
  return session;
}

/** A stand-in for `window.Notification` that records what was shown. */
class FakeNotification {
  static permission: NotificationPermission = 'granted';
  static shown: { title: string; options?: NotificationOptions }[] = [];
  static requests = 0;
  static requestPermission(): Promise<NotificationPermission> {
    FakeNotification.requests++;
    return Promise.resolve(FakeNotification.permission);
  }
  onclick: (() => void) | null = null;
  closed = false;
  constructor(title: string, options?: NotificationOptions) {
    FakeNotification.shown.push({ title, options });
  }
  close(): void {
    this.closed = true;
  }
}

describe('<finesse-sso-session> needs-sign-in banner', () => {
  const realNotification = Object.getOwnPropertyDescriptor(window, 'Notification');
  const originalTitle = document.title;

  beforeEach(() => {
    FakeNotification.permission = 'denied';
    FakeNotification.shown = [];
    FakeNotification.requests = 0;
    Object.defineProperty(window, 'Notification', {
      value: FakeNotification,
      configurable: true,
      writable: true,
    });
  });

  afterEach(() => {
    if (realNotification) Object.defineProperty(window, 'Notification', realNotification);
    document.title = originalTitle;
  });

  it('shows the reason, a countdown and a Sign in again button that signs in at once', async () => {
    const session = refused(4 * 60_000 + 30_000);
    const el = await mount(session);
    const banner = part(el, 'banner')!;
    expect(banner.getAttribute('role')).to.equal('region');
    const heading = el.shadowRoot!.getElementById(banner.getAttribute('aria-labelledby')!);
    expect(text(heading)).to.equal(en.headings['sign-in-again']);
    expect(text(banner)).to.contain(en.errors['refresh-rejected']);
    expect(text(part(el, 'countdown'))).to.equal('4:30');

    part(el, 'sign-in-again-button')!.click();
    expect(session.count('signIn')).to.equal(1);
    await expect(el).to.be.accessible();
  });

  it('counts down live and says expired after expiresAt', async () => {
    const session = refused(61_000);
    const el = await mount(session);
    expect(text(part(el, 'countdown'))).to.equal('1:01');
    session.time += 1_000;
    await rerender(el);
    expect(text(part(el, 'countdown'))).to.equal('1:00');
    session.time += 59_500;
    await rerender(el);
    expect(text(part(el, 'countdown'))).to.equal('0:01');
    session.time += 500;
    await rerender(el);
    expect(text(part(el, 'countdown'))).to.equal(en.expired);
    await expect(el).to.be.accessible();
  });

  it('uses a generic reason when the session gives no error code', async () => {
    const session = refused(5 * 60_000);
    session.lastError = null;
    const el = await mount(session);
    expect(text(part(el, 'banner'))).to.contain(en.bannerReasonFallback);
  });

  it('updates the assertive region only at 2 min, 1 min and 30 s', async () => {
    const session = refused(150_000);
    const el = await mount(session);
    const region = announcer(el);
    expect(region.getAttribute('aria-atomic')).to.equal('true');
    const changes: { left: number; said: string }[] = [];
    let last = text(region);
    expect(last).to.equal('');
    // One render per second of the last 2.5 minutes, as the tick would do.
    for (let left = 149_000; left >= 10_000; left -= 1_000) {
      session.time = session.expiresAt! - left;
      await rerender(el);
      if (text(region) !== last) {
        last = text(region);
        changes.push({ left, said: last });
      }
    }
    expect(changes).to.deep.equal([
      { left: 120_000, said: en.announce(120_000) },
      { left: 60_000, said: en.announce(60_000) },
      { left: 30_000, said: en.announce(30_000) },
    ]);
  });

  it('announces the most urgent threshold once after a jump (a laptop waking up)', async () => {
    const session = refused(5 * 60_000);
    const el = await mount(session);
    session.time = session.expiresAt! - 45_000;
    await rerender(el);
    expect(text(announcer(el))).to.equal(en.announce(60_000));
    await rerender(el);
    expect(text(announcer(el))).to.equal(en.announce(60_000));
  });

  it('prefixes the tab title at 2 min and restores it when the banner goes', async () => {
    document.title = 'Agent desktop';
    const session = refused(150_000);
    const el = await mount(session);
    expect(document.title).to.equal('Agent desktop');

    session.time = session.expiresAt! - 120_000;
    await rerender(el);
    expect(document.title).to.equal(`${en.titlePrefix}Agent desktop`);
    await rerender(el);
    expect(document.title).to.equal(`${en.titlePrefix}Agent desktop`);

    session.signInNow();
    session.emit('session-change', { state: 'active', previous: 'needs-sign-in' });
    await el.updateComplete;
    expect(document.title).to.equal('Agent desktop');
  });

  it('restores the title when the element is removed', async () => {
    document.title = 'Agent desktop';
    const el = await mount(refused(90_000));
    expect(document.title).to.equal(`${en.titlePrefix}Agent desktop`);
    el.remove();
    expect(document.title).to.equal('Agent desktop');
  });

  it('shows one system notification in the last two minutes when allowed, without a token', async () => {
    FakeNotification.permission = 'granted';
    const session = refused(150_000);
    const el = await mount(session);
    expect(FakeNotification.shown).to.have.length(0);
    expect(el.shadowRoot!.textContent).not.to.contain(en.alertMe);

    for (const left of [119_000, 100_000, 50_000]) {
      session.time = session.expiresAt! - left;
      await rerender(el);
    }
    expect(FakeNotification.shown).to.deep.equal([
      {
        title: en.notificationTitle,
        options: {
          body: en.notificationBody,
          tag: 'finesse-sso-sign-in-again',
          requireInteraction: true,
        },
      },
    ]);
    expect(JSON.stringify(FakeNotification.shown)).not.to.contain(session.token);
  });

  it('offers to alert on the desktop while the permission is not decided', async () => {
    FakeNotification.permission = 'default';
    const el = await mount(refused(5 * 60_000));
    const offer = [...el.shadowRoot!.querySelectorAll('button')].find(
      (button) => text(button) === en.alertMe,
    )!;
    await expect(el).to.be.accessible();
    FakeNotification.permission = 'granted';
    offer.click();
    expect(FakeNotification.requests).to.equal(1);
  });

  it('shows no notification and no offer when notifications are denied', async () => {
    const session = refused(60_000);
    const el = await mount(session);
    expect(FakeNotification.shown).to.have.length(0);
    expect(el.shadowRoot!.textContent).not.to.contain(en.alertMe);
  });
});
