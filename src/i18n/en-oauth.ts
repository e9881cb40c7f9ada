import type { PartEnglish } from './messages.ts';

/**
 * English only the OAuth providers show (OpenID Connect, Genesys Cloud): their errors, the texts
 * that replace those naming Finesse, and the idle watch's warning. Loaded with either
 * provider's part (`loadEnglish('oidc' | 'genesys')`).
 */
export const enOAuth = {
  idleWarning: (time) =>
    `No activity for a while: you will be signed out in ${time}. Select Stay signed in to continue working.`,
  staySignedIn: 'Stay signed in',
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
  errors: {
    'authorization-failed':
      'The identity provider did not sign you in (it refused or the sign-in was cancelled). Select Try again; if it keeps happening, tell your administrator.',
    'state-mismatch':
      'The sign-in answer did not belong to this sign-in, so it was ignored. Select Try again.',
    'discovery-failed':
      "The identity provider's configuration could not be read. Check your network connection and select Try again; if it keeps happening, tell your administrator.",
    'idle-timeout':
      "You were signed out because nothing happened for too long (your organisation's idle timeout). Select Sign in to continue.",
  },
} satisfies PartEnglish;
