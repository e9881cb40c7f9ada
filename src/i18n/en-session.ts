import type { Messages } from './messages.ts';

/**
 * English for the session element: the first script's only language. The agent elements'
 * English is in `en-agent.ts`, loaded with them; `en.ts` is both.
 */
export const enSession: Omit<Messages, 'agent' | 'dialog'> = {
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
  idleWarning: (time) =>
    `No activity for a while: you will be signed out in ${time}. Select Stay signed in to continue working.`,
  staySignedIn: 'Stay signed in',
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
  headings: {
    'allow-popups': 'Allow pop-ups for this site, then try again',
    'retry-sign-in': 'Sign-in did not finish: try again',
    'sign-in-again': 'Sign in again to keep working',
    'rotation-lost': 'Your sign-in was lost: sign in again',
    wait: 'Finesse is not answering: nothing to do',
    'out-of-service': 'Finesse is out of service: nothing to do',
    'cannot-start': 'Sign-in cannot start on this page',
    administrator: 'Sign-in is blocked: tell your administrator',
    refused: 'Finesse refused the request',
  },
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
    'not-bearer':
      'The Finesse desktop is not using single sign-on, so this gadget cannot use your sign-in. Tell your administrator.',
    'relay-click-required':
      'Sign-in has to start from the button inside the Finesse sign-in frame. Select the Sign in button shown there.',
    'relay-unavailable':
      'The sign-in helper on the Finesse server did not respond. Reload the page; if it keeps happening, tell your administrator.',
    'relay-not-allowed':
      'The Finesse server does not allow this site to use its sign-in. Tell your administrator to add this site to the allowed origins.',
    'relay-version-mismatch':
      'The sign-in helper on the Finesse server does not match this desktop version. Tell your administrator to upload the matching relay files.',
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
    'authorization-failed':
      'The identity provider did not sign you in (it refused or the sign-in was cancelled). Select Try again; if it keeps happening, tell your administrator.',
    'state-mismatch':
      'The sign-in answer did not belong to this sign-in, so it was ignored. Select Try again.',
    'discovery-failed':
      "The identity provider's configuration could not be read. Check your network connection and select Try again; if it keeps happening, tell your administrator.",
    'idle-timeout':
      "You were signed out because nothing happened for too long (your organisation's idle timeout). Select Sign in to continue.",
    'out-of-service':
      'Finesse is out of service right now. The desktop keeps checking and carries on by itself when Finesse (or its other server) is back.',
    'part-unavailable':
      'A part of the sign-in could not be loaded from the server. Check your network connection and reload the page; if it keeps happening, tell your administrator.',
  },
  connection: {
    certificateLead:
      'The browser cannot connect to Finesse at these addresses, most likely because it does not trust their certificate:',
    networkLead:
      'The browser cannot reach Finesse at these addresses (network, firewall or server down):',
    openOnce:
      'open this once; if your browser warns about the certificate, accept it or ask IT to install it',
    cspBlocked: (origin, directive) =>
      `This page's security policy (Content-Security-Policy, ${directive}) blocks ${origin}. Ask your administrator to allow it.`,
    corsNotAllowed: (finesse, desktop, command) =>
      `Finesse at ${finesse} answers, but it does not allow this desktop (${desktop}) to use it. Ask your administrator to run this command on each Finesse server: ${command}`,
    clearsItself: 'This message disappears by itself once the connection works.',
  },
  oauthErrors: {
    'refresh-rejected':
      'The identity provider no longer accepts your sign-in. Select Sign in again before the time runs out.',
    'refresh-token-not-returned':
      'The identity provider renewed your sign-in without handing back a new refresh token, then refused the previous one. Select Sign in again before the time runs out; if this happens after every renewal, tell your administrator.',
    network: 'The sign-in server cannot be reached. Check your network connection, then try again.',
    timeout:
      'The sign-in server did not answer in time. Check your network connection, then try again.',
    'server-error':
      'The sign-in server reported a problem. Try again in a moment; if it keeps happening, tell your supervisor.',
    'foreign-origin':
      'A request was about to send your sign-in to a server it is not meant for, so it was stopped. Tell your administrator.',
    'api-error':
      'The server refused the request. Select Try again; if it keeps happening, tell your supervisor.',
  },
};
