/**
 * The strongest fair oidc-client-ts peer: the same settings as app.js, but with
 * `automaticSilentRenew` off and the renew serialised across tabs by the Web Locks API, as an
 * integrator who read authts/oidc-client-ts#430 would write it. oidc-client-ts's own expiring
 * timer still decides when (the same lead time as the plain tabs); each tab then takes the
 * `oidc-renew` lock, reads the user again from the shared localStorage store, and calls
 * `signinSilent()` (the refresh-token grant) only if that user is still near expiry. Another tab
 * that renewed while this one waited for the lock has stored a fresh user, so this one skips;
 * reading it (`getUser()`) also re-arms this tab's expiring timer on the new expiry.
 */
const settings = { ...window.benchSettings(), automaticSilentRenew: false };
const manager = new window.oidc.UserManager(settings);
const status = document.getElementById('status');
const lead = settings.accessTokenExpiringNotificationTimeInSeconds;
let renewErrors = 0;
// Each renew this tab made under the lock: when, and the tail of the refresh token it spent
// (the benchmark compares tabs' logs to find a token spent twice).
const renewLog = [];
const tab = Math.random().toString(36).slice(2, 8);

/** True when `user` is missing its token or will expire within the lead time. */
const nearExpiry = (user) => !user || user.expires_in === undefined || user.expires_in <= lead;

async function renewUnderLock() {
  await navigator.locks.request('oidc-renew', async () => {
    // Re-read after the wait: the tab that held the lock may have renewed already.
    const stored = await manager.getUser();
    if (!stored || !nearExpiry(stored)) return;
    const entry = {
      tab,
      at: Date.now(),
      token: String(stored.refresh_token).slice(-12),
      ok: false,
    };
    renewLog.push(entry);
    await manager.signinSilent();
    entry.ok = true;
  });
}

manager.events.addUserLoaded(() => (status.textContent = 'signed in'));
manager.events.addAccessTokenExpiring(() => {
  renewUnderLock().catch((error) => {
    renewErrors++;
    status.textContent = `renew failed: ${error.message}`;
  });
});
manager.events.addAccessTokenExpired(() => (status.textContent = 'expired'));

document.getElementById('sign-in').addEventListener('click', () => {
  manager.signinPopup().catch((error) => (status.textContent = `sign-in failed: ${error.message}`));
});

// A tab opened after the sign-in loads the stored user, which arms its expiring timer.
manager.getUser().catch(() => undefined);

window.benchTab = {
  /** Signed in: a user in the shared store whose access token has not expired. */
  async signedIn() {
    const user = await manager.getUser();
    return Boolean(user) && !user.expired;
  },
  renewErrors: () => renewErrors,
  renewLog: () => renewLog,
};
