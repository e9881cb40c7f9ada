/**
 * The sign-in part: watching the sign-in window and reading the token answer. The popup-mode
 * source opens the window in the click and loads this after it (the IIFE build:
 * `finesse-sso-part-signin.js` beside the first script), so a tab that restores its pair from
 * IndexedDB never loads it.
 */
export { watchPopup } from './popup.ts';
export { parseTokenAnswer } from './token-answer.ts';
