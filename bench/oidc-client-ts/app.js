/**
 * One benchmark tab using oidc-client-ts: signinPopup() from a click for the first sign-in,
 * then automatic silent renew with the refresh token. `window.benchTab` lets the benchmark ask
 * the tab how it is doing (read only at the end: getUser() re-arms the renew timers).
 */
const manager = new window.oidc.UserManager(window.benchSettings());
const status = document.getElementById('status');
let renewErrors = 0;
manager.events.addUserLoaded(() => (status.textContent = 'signed in'));
manager.events.addSilentRenewError((error) => {
  renewErrors++;
  status.textContent = `renew failed: ${error.message}`;
});
manager.events.addAccessTokenExpired(() => (status.textContent = 'expired'));

document.getElementById('sign-in').addEventListener('click', () => {
  manager.signinPopup().catch((error) => (status.textContent = `sign-in failed: ${error.message}`));
});

window.benchTab = {
  /** Signed in: a user in the shared store whose access token has not expired. */
  async signedIn() {
    const user = await manager.getUser();
    return Boolean(user) && !user.expired;
  },
  renewErrors: () => renewErrors,
};
