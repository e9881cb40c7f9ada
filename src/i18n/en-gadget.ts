import type { PartEnglish } from './messages.ts';

/** English for gadget mode's own error: loaded with the gadget part (`loadEnglish('gadget')`). */
export const enGadget = {
  errors: {
    'not-bearer':
      'The Finesse desktop is not using single sign-on, so this gadget cannot use your sign-in. Tell your administrator.',
  },
} satisfies PartEnglish;
