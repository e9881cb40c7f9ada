import type { DoctorStrings } from './doctor-strings.ts';

/** English. */
export const doctorEn: DoctorStrings = {
  title: 'Finesse SSO doctor',
  intro:
    'Checks why agents are (or would be) signed out: the tokens Finesse issues, the clock, certificates, CORS, this browser, the desktop tabs open here and their refresh history. Nothing here shows or saves a token.',
  verdict: { pass: 'Pass', warn: 'Warning', fail: 'Fail' },
  running: 'Running the checks…',
  summary: (c) => `Done: ${c.pass} passed, ${c.warn} warnings, ${c.fail} failed.`,
  runAgain: 'Run the checks again',
  testPopup: 'Test the sign-in popup',
  measure: 'Sign in to measure the token lifetimes',
  save: 'Save the support bundle',
  saved: (name) => `Saved ${name}. Attach it to your support case.`,
  settings: 'Settings',
  desktopOrigin: 'Desktop origin',
  desktopHint:
    'Where the agent desktop runs, if not on this Finesse origin, e.g. https://desktop.example.com',
  username: 'Agent (cc_username)',
  apply: 'Apply and run',
  whatItMeans: 'What it means',
  whatToDo: 'What to do',
  details: 'Details',
  tabsCaption: 'Desktop tabs open in this browser',
  tabHeaders: {
    tab: 'Tab',
    user: 'Agent',
    state: 'State',
    refresh: 'Refreshing',
    notifications: 'Notification connection',
  },
  historyCaption: 'Last refreshes and sign-ins (newest first)',
  historyHeaders: {
    at: 'Time',
    tab: 'Tab',
    kind: 'What',
    outcome: 'Outcome',
    code: 'Error code',
    generation: 'Generation',
  },
  kinds: { 'sign-in': 'Sign-in', refresh: 'Refresh' },
  outcomes: { ok: 'OK', failed: 'Failed' },
  yes: 'Yes',
  no: 'No',
  checks: {
    'sso-mode': 'SSO mode',
    'token-lifetimes': 'Token lifetimes and the next refresh',
    'clock-skew': 'Clock of this computer and Finesse',
    certificate: (role, origin) => `Certificate: ${role} (${origin})`,
    cors: 'CORS for the desktop',
    'relay-allow-list': "Relay's allow-list",
    indexeddb: 'IndexedDB (the shared sign-in)',
    'web-locks': 'Web Locks (one refresher)',
    'broadcast-channel': 'BroadcastChannel (tabs tell each other)',
    popups: 'Sign-in popup',
    'storage-partitioning': 'Storage partitioning',
    'tab-roster': 'Tab roster',
    'refresh-history': 'Refresh history',
  },
  roles: { finesse: 'Finesse', notifications: 'notification service', ids: 'Cisco IdS' },
  findings: {
    'sso-mode/sso': (x) => ({
      meaning: `Finesse signs agents in with SSO (${x.user ? `agent ${x.user}` : 'system setting'}).`,
      action: '',
    }),
    'sso-mode/hybrid': () => ({
      meaning: 'Finesse is in hybrid mode: some agents use SSO, others a password.',
      action: 'Enter the agent in Settings to see which mode that agent uses.',
    }),
    'sso-mode/not-sso': (x, f) => ({
      meaning: `Finesse reports ${f.text(x.userAuthMode ?? x.systemAuthMode)}: this agent does not sign in with SSO, so there are no tokens to keep.`,
      action:
        'Check the agent in Unified CCE/CCX administration, or use the desktop with a password.',
    }),
    'sso-mode/unknown': () => ({
      meaning:
        'Finesse did not say which sign-in mode it uses (SystemInfo needs a token here, and no agent is known).',
      action: 'Enter the agent in Settings, or sign in once in a desktop tab.',
    }),
    'token-lifetimes/no-sign-in': () => ({
      meaning:
        'No agent is signed in on this browser, so the lifetimes Finesse issues are unknown.',
      action:
        'Sign in with the button below (the pair is dropped at once), or sign in in a desktop tab.',
    }),
    'token-lifetimes/needs-sign-in': (x, f) => ({
      meaning: `The last refresh was refused (${f.text(x.code)}): every tab asks the agent to sign in again before ${f.time(x.expiresAt)}.`,
      action:
        'See the refresh history below for when it started. A refusal usually means a second refresher (another browser profile, the native desktop) used the same sign-in.',
    }),
    'token-lifetimes/refresh-failing': (x, f) => ({
      meaning: `Access tokens live ${f.text(x.accessLifetimeS)} s. The last refresh failed on the way (${f.text(x.code)}); the session keeps the pair and keeps trying.`,
      action: 'Check that Finesse answers from this PC (network, VPN, node in service).',
    }),
    'token-lifetimes/short': (x, f) => ({
      meaning: `Access tokens live only ${f.text(x.accessLifetimeS)} s; the refresh at ${f.text(x.ratio)} % leaves little time for a slow answer.`,
      action: 'Consider a longer access-token lifetime in Cisco IdS (the default is 3600 s).',
    }),
    'token-lifetimes/ok': (x, f) => ({
      meaning: `Access tokens live ${f.text(x.accessLifetimeS)} s (from the ${x.source === 'sign-in' ? 'sign-in just made' : 'stored sign-in'}); the next refresh is at ${f.time(x.refreshAt)} (${f.text(x.ratio)} % of the lifetime)${x.refreshExpiresAt ? `, the sign-in itself lasts until about ${f.time(x.refreshExpiresAt)}` : ''}.`,
      action: '',
    }),
    'clock-skew/unknown': () => ({
      meaning: "Finesse's clock could not be read (no Date header reached this page).",
      action: 'Open this page on the Finesse origin, where the Date header can be read.',
    }),
    'clock-skew/large': (x, f) => ({
      meaning: `This computer's clock is ${f.ms(x.skewMs ?? x.gadgetDriftMs)} s off Finesse's. Identity providers refuse sign-ins from clocks this far off (SAML allows about 5 minutes).`,
      action:
        'Turn on automatic time (NTP) on this PC, and check the time on the Finesse and IdS servers.',
    }),
    'clock-skew/noticeable': (x, f) => ({
      meaning: `This computer's clock is ${f.ms(x.skewMs ?? x.gadgetDriftMs)} s off Finesse's. The session counts token lifetimes from their arrival, so refreshes are not affected, but times shown in the desktop are off.`,
      action: 'Turn on automatic time (NTP) on this PC.',
    }),
    'clock-skew/small': (x, f) => ({
      meaning: `The clocks agree (difference ${f.ms(x.skewMs ?? x.gadgetDriftMs)} s, ± ${f.ms(x.uncertaintyMs)} s).`,
      action: '',
    }),
    'certificate/answers': (x) => ({
      meaning: x.https
        ? 'The browser connects: its certificate is trusted.'
        : 'The browser connects (plain http: no certificate involved).',
      action: '',
    }),
    'certificate/untrusted': (x) => ({
      meaning: `Another port of this server answers but ${x.origin} does not: most likely this browser does not trust its certificate. The browser hides the reason from pages; the desktop would see a dead connection.`,
      action: `Open ${x.origin}/ once in this browser to see the warning. The durable fix: a CA-signed certificate whose SAN names the server, installed on every node.`,
    }),
    'certificate/unreachable': (x) => ({
      meaning: `Nothing answers at ${x.origin}: the server is down, a firewall or VPN is in the way, or its certificate is refused.`,
      action:
        x.role === 'notifications'
          ? `Open ${x.origin}/ once in this browser. On Finesse 12.6 and later, notifications use the Finesse port: give notification-url and this row goes away.`
          : `Open ${x.origin}/ once in this browser to see whether it is the certificate or the network.`,
    }),
    'cors/same-origin': () => ({
      meaning: 'The desktop runs on the Finesse origin (popup mode): no CORS needed.',
      action: '',
    }),
    'cors/run-on-desktop': (x) => ({
      meaning: `A browser only ever sends its own page's origin, so this page cannot tell whether Finesse allows ${x.desktopOrigin}.`,
      action: `Open the doctor from ${x.desktopOrigin} (add <finesse-sso-doctor> to the desktop), or check on each Finesse node that this was run: ${x.command}`,
    }),
    'cors/unreachable': (x) => ({
      meaning: `Finesse (${x.finesse}) does not answer from this page at all.`,
      action: 'See the certificate checks above.',
    }),
    'cors/allowed': (x) => ({
      meaning: `Finesse lets ${x.pageOrigin} use its REST API.`,
      action: '',
    }),
    'cors/not-allowed': (x) => ({
      meaning: `Finesse answers, but does not allow ${x.pageOrigin}: every REST call of the desktop fails.`,
      action: `On each Finesse node run: ${x.command} (no wildcards), then restart Cisco Finesse Tomcat.`,
    }),
    'relay-allow-list/missing': (x) => ({
      meaning: `The relay's allowed-origins.json was not found (${x.url}). Only relay mode needs it.`,
      action: 'If the desktop runs on another site, upload the relay folder next to this one.',
    }),
    'relay-allow-list/malformed': () => ({
      meaning:
        'allowed-origins.json is not valid JSON with an "origins" list: the relay allows nobody.',
      action: 'Write it as { "origins": ["https://desktop.example.com"] }.',
    }),
    'relay-allow-list/not-listed': (x, f) => ({
      meaning: `The relay does not allow ${x.desktopOrigin}; it allows: ${f.text(x.origins)}.`,
      action: `Add "${x.desktopOrigin}" to allowed-origins.json (exact origin: scheme, host and port).`,
    }),
    'relay-allow-list/ignored-entries': (x, f) => ({
      meaning: `The relay ignores these entries: ${f.text(x.ignored)} (wildcards, "null" and paths are never allowed).`,
      action: 'List exact origins only, e.g. https://desktop.example.com:8443.',
    }),
    'relay-allow-list/empty': () => ({
      meaning: 'The relay allows no desktop yet (as shipped).',
      action: 'If the desktop runs on another site, list its origin in allowed-origins.json.',
    }),
    'relay-allow-list/listed': (x) => ({
      meaning: `The relay allows ${x.desktopOrigin}.`,
      action: '',
    }),
    'relay-allow-list/read': (x, f) => ({
      meaning: `The relay allows: ${f.text(x.origins)}.`,
      action: '',
    }),
    'indexeddb/missing': () => ({
      meaning:
        'This browser has no IndexedDB: each tab keeps its own sign-in and tabs can become rivals.',
      action: 'Use a supported browser, not a private window.',
    }),
    'indexeddb/unusable': () => ({
      meaning:
        'IndexedDB does not work here (a private window, or storage blocked by policy): tabs cannot share the sign-in.',
      action: 'Leave private mode, or allow site data for the desktop in the browser policy.',
    }),
    'indexeddb/persisted': () => ({
      meaning:
        'Tabs can share the sign-in, and the browser keeps this site’s storage under pressure.',
      action: '',
    }),
    'indexeddb/not-persisted': () => ({
      meaning:
        'Tabs can share the sign-in. The storage is not marked persistent: under disk pressure the browser may clear it, and the agent then signs in again.',
      action: '',
    }),
    'web-locks/insecure-context': () => ({
      meaning:
        'This page is not in a secure context (plain http): Web Locks and the session do not work.',
      action: 'Serve the desktop over https.',
    }),
    'web-locks/ok': () => ({
      meaning: 'Only one tab at a time can refresh the sign-in.',
      action: '',
    }),
    'web-locks/missing': () => ({
      meaning: 'This browser has no Web Locks: tabs could refresh at once and be refused.',
      action: 'Update the browser (Chrome/Edge 69+, Firefox 96+, Safari 15.4+).',
    }),
    'broadcast-channel/ok': () => ({ meaning: 'Tabs hear each other at once.', action: '' }),
    'broadcast-channel/missing': () => ({
      meaning: 'This browser has no BroadcastChannel: tabs learn of changes late.',
      action: 'Update the browser.',
    }),
    'popups/allowed': () => ({ meaning: 'The sign-in window opens from a click.', action: '' }),
    'popups/blocked': () => ({
      meaning: 'This browser blocks the sign-in window even from a click.',
      action:
        'Allow pop-ups for the Finesse site in the browser (or its policy: PopupsAllowedForUrls).',
    }),
    'popups/untested': () => ({
      meaning: 'A popup can only be tried from a click.',
      action: 'Press "Test the sign-in popup".',
    }),
    'storage-partitioning/framed': (x) => ({
      meaning: `This page runs inside ${x.framedBy}, another site: its storage here is partitioned and its cookies are third-party.`,
      action: 'Open the doctor in its own tab on the Finesse origin.',
    }),
    'storage-partitioning/cross-site': (x) => ({
      meaning: `The desktop (${x.desktopSite}) is on another site than Finesse (${x.finesseSite}): the browser partitions what Finesse stores inside it and may block its cookies. Only relay mode works; it keeps tokens in memory and the shared sign-in on the desktop's origin.`,
      action:
        'Use relay mode (relay-url) and list the desktop in the relay allow-list, or host the desktop on the Finesse origin.',
    }),
    'storage-partitioning/same-site': () => ({
      meaning: 'The desktop and Finesse are on one site: nothing is partitioned.',
      action: '',
    }),
    'tab-roster/no-channel': () => ({
      meaning: 'This browser cannot ask the desktop tabs (no BroadcastChannel).',
      action: '',
    }),
    'tab-roster/no-tabs': () => ({
      meaning: 'No desktop tab on this origin answered (none open in this browser profile).',
      action: 'Open the desktop in this browser, then run the checks again.',
    }),
    'tab-roster/two-connections': () => ({
      meaning:
        'Two tabs hold a notification connection for one agent: Finesse can knock the agent off.',
      action: 'Close the extra tabs and report this with the support bundle.',
    }),
    'tab-roster/needs-sign-in': (x) => ({
      meaning: `${x.tabs} tab(s) answered; at least one asks the agent to sign in again.`,
      action: 'See the refresh history for the refusal.',
    }),
    'tab-roster/ok': (x, f) => ({
      meaning: `${x.tabs} tab(s) answered; ${f.text(x.notificationHolders)} holds the notification connection.`,
      action: '',
    }),
    'refresh-history/unreadable': () => ({
      meaning: 'The refresh history could not be read from this browser’s storage.',
      action: '',
    }),
    'refresh-history/empty': () => ({
      meaning: 'No refresh or sign-in has been recorded in this browser yet.',
      action: 'Open the desktop on this origin and let it run through a refresh.',
    }),
    'refresh-history/refused': (x) => ({
      meaning: `Finesse refused ${x.refusals} refresh(es) (last: ${x.lastRefusal}): the agent had to sign in again. This is the "refresh token id mismatch" logout: two refreshers used one pair.`,
      action:
        'Look for a second desktop (another browser profile, the native Finesse desktop, a stale tab) signed in as this agent. Attach the support bundle.',
    }),
    'refresh-history/transport': (x) => ({
      meaning: `${x.failures} refresh(es) failed on the way (network, timeout, 5xx); the session kept the pair and retried.`,
      action: 'If it repeats, check the network path to Finesse.',
    }),
    'refresh-history/ok': (x) => ({
      meaning: `${x.refreshes} refresh(es) and ${x.signIns} sign-in(s), all accepted.`,
      action: '',
    }),
  },
};
