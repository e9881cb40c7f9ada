// @ts-check
/** The HTML of the simulated corporate IdP's login form (no script; CSS in a style element). */
import { escapeHtml } from './http-util.js';

const STYLE = `
  :root { color-scheme: light; font-family: "Segoe UI", system-ui, -apple-system, sans-serif; }
  body { margin: 0; min-height: 100vh; display: grid; place-items: center; background: #eef1f5; color: #1b1f24; }
  main { width: min(360px, calc(100vw - 32px)); background: #fff; border-radius: 8px;
    box-shadow: 0 2px 12px rgb(0 0 0 / 12%); padding: 32px; }
  .brand { display: flex; align-items: center; gap: 10px; font-weight: 600; color: #0b5cad; margin-bottom: 24px; }
  .logo { width: 28px; height: 28px; border-radius: 6px; background: linear-gradient(135deg, #0b5cad, #36a3d9); }
  h1 { font-size: 1.4rem; margin: 0 0 4px; }
  p.sub { margin: 0 0 20px; color: #5a6470; font-size: 0.9rem; }
  label { display: block; font-size: 0.85rem; font-weight: 600; margin: 14px 0 4px; }
  input { box-sizing: border-box; width: 100%; padding: 9px 10px; font: inherit; border: 1px solid #a9b2bd; border-radius: 4px; }
  input:focus { outline: 2px solid #36a3d9; outline-offset: 1px; }
  button { margin-top: 22px; width: 100%; padding: 10px; font: inherit; font-weight: 600; color: #fff;
    background: #0b5cad; border: 0; border-radius: 4px; cursor: pointer; }
  button:hover { background: #094c8f; }
  .error { margin: 0 0 12px; padding: 8px 10px; border-radius: 4px; background: #fde8e8; color: #8a1c1c; font-size: 0.9rem; }
  footer { margin-top: 22px; font-size: 0.75rem; color: #77808a; }
`;

/**
 * @param {{ action: string, username?: string, continueUrl: string, error?: string }} options
 *   `action` is the absolute URL of `POST /idp/login`; `continueUrl` the IdS authorize URL.
 */
export function renderLoginPage({ action, username = '', continueUrl, error }) {
  const errorBlock = error
    ? `<p class="error" id="error" role="alert">${escapeHtml(error)}</p>`
    : '';
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Sign in · Example Identity Provider</title>
<link rel="icon" href="data:,">
<style>${STYLE}</style>
</head>
<body>
<main>
  <div class="brand"><span class="logo" aria-hidden="true"></span>Example Identity Provider</div>
  <h1>Sign in</h1>
  <p class="sub">to continue to Cisco Finesse</p>
  ${errorBlock}
  <form method="post" action="${escapeHtml(action)}">
    <input type="hidden" name="continue" value="${escapeHtml(continueUrl)}">
    <label for="username">Username</label>
    <input id="username" name="username" autocomplete="username" value="${escapeHtml(username)}" required>
    <label for="password">Password</label>
    <input id="password" name="password" type="password" autocomplete="current-password">
    <button id="sign-in" type="submit">Sign in</button>
  </form>
  <footer>Simulated identity provider for finesse-sso tests. Any password except “wrong” works.</footer>
</main>
</body>
</html>
`;
}
