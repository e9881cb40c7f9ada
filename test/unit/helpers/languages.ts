import { loadMessages } from '../../../src/i18n/index.ts';

/**
 * Japanese and Korean are parts loaded on first use; tests about their texts load them first
 * (sso-session-i18n.test.ts checks the loading itself).
 */
export function loadLanguages(): Promise<unknown> {
  return Promise.all([loadMessages('ja'), loadMessages('ko')]);
}
