/**
 * `dist/doctor/doctor.html`'s script: an administrator uploads the `doctor/` folder next to
 * the gadget and relay folders and opens it on the Finesse origin. The query string may set
 * what the element's attributes set (`?desktop=https://desk.example.com&user=agent1`), and
 * `lang`. No inline script: the page works under a strict CSP.
 */
import '../elements/doctor/finesse-sso-doctor.ts';

const PARAMS: Record<string, string> = {
  finesse: 'finesse-url',
  notification: 'notification-url',
  ids: 'ids-url',
  desktop: 'desktop-origin',
  allowList: 'allow-list-url',
  user: 'username',
};

const query = new URLSearchParams(location.search);
const doctor = document.querySelector('finesse-sso-doctor');
const select = document.querySelector<HTMLSelectElement>('#lang-switch');
const LANGUAGE_LABEL: Record<string, string> = { en: 'Language', ja: '言語', ko: '언어' };
const label = document.querySelector('#lang-label');
/** The page follows the language: `<html lang>` (which the element reads) and its own label. */
function speak(lang: string): void {
  document.documentElement.lang = lang;
  if (label) label.textContent = LANGUAGE_LABEL[lang] ?? LANGUAGE_LABEL.en!;
}
const lang = query.get('lang') ?? navigator.language.slice(0, 2);
if (lang === 'en' || lang === 'ja' || lang === 'ko') speak(lang);
if (select) {
  select.value = document.documentElement.lang;
  select.addEventListener('change', () => speak(select.value));
}
if (doctor) {
  for (const [param, attribute] of Object.entries(PARAMS)) {
    const value = query.get(param);
    if (value) doctor.setAttribute(attribute, value);
  }
  void doctor.run();
}
