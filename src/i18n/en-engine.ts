import type { EngineEnglish } from './messages.ts';

/**
 * English for the session's states and errors in popup mode: it comes with the engine part,
 * which every session is built on (`en-session.ts` is what the first script shows without it).
 */
export const enEngine: EngineEnglish = {
  // 'cannot-start' is the first script's (en-session.ts).
  headings: {
    'allow-popups': 'Allow pop-ups for this site, then try again',
    'retry-sign-in': 'Sign-in did not finish: try again',
    'sign-in-again': 'Sign in again to keep working',
    'rotation-lost': 'Your sign-in was lost: sign in again',
    wait: 'Finesse is not answering: nothing to do',
    'out-of-service': 'Finesse is out of service: nothing to do',
    administrator: 'Sign-in is blocked: tell your administrator',
    refused: 'Finesse refused the request',
  },
  signIn: 'Sign in',
  tryAgain: 'Try again',
  usernameLabel: 'Agent username',
  signingInHere: {
    heading: 'Finish signing in in the window that opened',
    body: 'Sign in there; it may be behind this window. Every tab carries on by itself once you are signed in.',
  },
  signingInElsewhere: {
    heading: 'Signing in in another tab or window',
    body: 'Finish the sign-in there. This tab carries on by itself once it is done; nothing to do here.',
  },
  signedInAs: (userId) => `Signed in as ${userId}`,
  renewsIn: (time) => `renews in ${time}`,
  renewingNow: 'renewing now…',
  validFor: (time) => `valid for ${time}`,
  signOut: 'Sign out',
  signedOutNote:
    'You are signed out of this desktop. Your identity provider session was not ended: on a shared PC, also close the browser.',
  userChangedNote:
    'Another user signed in in this browser, so you were signed out here. Sign in again to continue as yourself.',
  offline: (time) => ({
    heading: 'Finesse is not answering: nothing to do',
    body: `This desktop keeps trying and carries on by itself within half a minute of Finesse answering. Your sign-in stays valid for ${time}.`,
  }),
  offlineNoExpiry: {
    heading: 'Finesse is not answering: nothing to do',
    body: 'This desktop keeps trying and carries on by itself within half a minute of Finesse answering.',
  },
  offlineExpired: {
    heading: 'Finesse is not answering: nothing to do',
    body: 'Your sign-in could not be renewed yet because Finesse is not answering. This desktop keeps trying and carries on by itself as soon as Finesse answers. You may sign in now instead, but you do not need to.',
  },
  outOfService: {
    heading: 'Finesse is out of service: nothing to do',
    body: 'This desktop keeps checking and carries on by itself when Finesse, or its other server, is back.',
  },
  offlineSignIn: 'Sign in now instead',
  bannerReasonFallback: 'Your sign-in could not be renewed automatically.',
  countdownLabel: 'Time left:',
  expired: 'Your sign-in has expired.',
  signInAgain: 'Sign in again',
  alertMe: 'Alert me on the desktop',
  titlePrefix: '⚠ Sign in again · ',
  notificationTitle: 'Sign in again',
  notificationBody:
    'Your desktop sign-in ends in less than two minutes. Go back to the desktop and select Sign in again.',
  announce: (threshold) =>
    threshold === 30_000
      ? '30 seconds left to sign in again.'
      : `${threshold / 60_000} minute${threshold === 60_000 ? '' : 's'} left to sign in again.`,
  storageDegraded:
    'This tab cannot share its sign-in with your other tabs (browser storage is unavailable). You may have to sign in separately in each tab.',
  errors: {
    'popup-blocked':
      'The browser blocked the sign-in window. Allow pop-ups for this site, then select Try again.',
    'popup-closed':
      'The sign-in window was closed before sign-in finished. Select Try again and complete the sign-in in the new window.',
    'popup-timeout':
      'Sign-in took too long and was stopped. Select Try again and finish signing in within a few minutes.',
    'popup-opener-lost':
      'The sign-in window lost its link to this page (a browser security setting cut it). Select Try again; if it keeps happening, tell your administrator.',
    'token-page-unreadable':
      'Sign-in finished, but this page could not read the result (a browser extension may have changed the page). Select Try again; if it keeps happening, tell your administrator.',
    'json-viewer':
      'Firefox’s JSON viewer hides the sign-in result from this desktop, so sign-in cannot finish in this browser as it is set up. Ask your administrator to turn the JSON viewer off with the Firefox enterprise policy (policies.json: "Preferences": {"devtools.jsonview.enabled": {"Value": false, "Status": "locked"}}), or sign in with another supported browser.',
    'token-answer-invalid':
      'The sign-in server sent an answer this desktop does not understand. Select Try again; if it keeps happening, tell your administrator.',
    'refresh-rejected':
      'Finesse no longer accepts your sign-in. Select Sign in again before the time runs out.',
    'refresh-needs-interaction':
      'Your identity provider asks you to sign in again. Select Sign in again before the time runs out.',
    'rotation-lost':
      'The connection dropped while your sign-in was being renewed, and the renewal cannot be recovered. Select Sign in again: one sign-in restores every tab. If this happens often, tell IT about the network.',
    'refresh-token-not-returned':
      'Finesse renewed your sign-in without handing back a new refresh token, then refused the previous one, so your sign-in cannot be renewed automatically any more. Select Sign in again before the time runs out; if this happens after every renewal, tell your administrator.',
    network: 'Finesse cannot be reached. Check your network connection, then try again.',
    timeout: 'Finesse did not answer in time. Check your network connection, then try again.',
    'server-error':
      'Finesse reported a server problem. Try again in a moment; if it keeps happening, tell your supervisor.',
    'signed-out': 'You are signed out. Select Sign in to continue.',
    'user-mismatch':
      'You signed in as a different agent than this desktop expected. Select Try again and sign in with your own account.',
    'foreign-origin':
      'A request was about to send your sign-in to a server that is not Finesse, so it was stopped. Tell your administrator.',
    'storage-unavailable':
      'This browser does not let the desktop keep your sign-in (private browsing may be on). Use a normal browser window, then select Try again.',
    'insecure-context':
      'This page is not served over HTTPS, so sign-in cannot run safely. Open the desktop with its https:// address.',
    'csp-blocked':
      'A security policy of this site blocked the sign-in. Tell your administrator to allow the Finesse server in the Content-Security-Policy.',
    'certificate-untrusted':
      'The browser may not trust the Finesse server certificate. Open the Finesse address in a new tab, fix the certificate as your administrator instructs, then select Try again.',
    'api-error':
      'Finesse refused the request. Select Try again; if it keeps happening, tell your supervisor.',
    'out-of-service':
      'Finesse is out of service right now. The desktop keeps checking and carries on by itself when Finesse (or its other server) is back.',
  },
};
