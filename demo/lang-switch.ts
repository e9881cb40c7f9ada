/**
 * The demo's language switch. It sets `document.documentElement.lang`, which the elements
 * follow (one shared MutationObserver re-renders them); "Browser" removes it, so they follow
 * `navigator.language` again. `?lang=ja` picks one at load (screenshots use it); the choice is
 * kept for this tab in sessionStorage.
 */
const KEY = 'finesse-sso-demo-lang';

function apply(lang: string): void {
  if (lang) document.documentElement.lang = lang;
  else document.documentElement.removeAttribute('lang');
}

export function setUpLangSwitch(): void {
  const select = document.getElementById('lang-switch') as HTMLSelectElement | null;
  const asked = new URLSearchParams(location.search).get('lang');
  const initial = asked ?? sessionStorage.getItem(KEY) ?? '';
  apply(initial);
  if (!select) return;
  select.value = initial;
  select.addEventListener('change', () => {
    sessionStorage.setItem(KEY, select.value);
    apply(select.value);
  });
}
