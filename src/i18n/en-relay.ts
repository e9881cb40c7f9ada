import type { PartEnglish } from './messages.ts';

/** English for relay mode's own errors: loaded with the relay part (`loadEnglish('relay')`). */
export const enRelay = {
  errors: {
    'relay-click-required':
      'Sign-in has to start from the button inside the Finesse sign-in frame. Select the Sign in button shown there.',
    'relay-unavailable':
      'The sign-in helper on the Finesse server did not respond. Reload the page; if it keeps happening, tell your administrator.',
    'relay-not-allowed':
      'The Finesse server does not allow this site to use its sign-in. Tell your administrator to add this site to the allowed origins.',
    'relay-version-mismatch':
      'The sign-in helper on the Finesse server does not match this desktop version. Tell your administrator to upload the matching relay files.',
  },
} satisfies PartEnglish;
