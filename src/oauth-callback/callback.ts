/**
 * The OAuth callback page's script (`dist/oauth/callback.js`, loaded by `callback.html`; no
 * inline script). Serve both at the redirect URI registered with the identity provider, on the
 * desktop's own origin. See `hand-over.ts`.
 */
import { handOverCallback } from './hand-over.ts';
import { CALLBACK_STRINGS, pickLanguage } from './strings.ts';
import { openTabChannel } from '../core/kernel/tab-channel.ts';

const lang = pickLanguage(navigator.languages ?? [navigator.language]);
const strings = CALLBACK_STRINGS[lang];
document.documentElement.lang = lang;
document.title = strings.title;
const status = document.getElementById('status');
if (status) status.textContent = strings.finishing;

handOverCallback({
  location,
  history,
  opener: () => (window.opener as Window | null) ?? null,
  channel: openTabChannel,
  every: (callback, ms) => {
    const timer = setInterval(callback, ms);
    return () => clearInterval(timer);
  },
  later: (callback, ms) => void setTimeout(callback, ms),
  close: () => window.close(),
  show: (text) => {
    if (status) status.textContent = text;
  },
  strings,
});
