// Adds the elements of one case of test/e2e/split.test.js (after finesse-sso.iife.js ran, so
// setPartsUrl can act first): ?case=ja, agent, all, oidc, genesys-missing (the parts folder is
// wrong).
const which = new URLSearchParams(location.search).get('case');
const add = (attributes) => {
  const element = document.createElement('finesse-sso-session');
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
  document.body.append(element);
};
if (which === 'ja') add({ lang: 'ja', username: 'agent1' });
if (which === 'agent') {
  add({ username: 'agent1' });
  document
    .querySelector('finesse-sso-session')
    .append(document.createElement('finesse-agent-state'));
}
// Every part evaluated at once: none may miss a module of the first script or of the engine
// part, which runs first (scripts added with async = false run in order).
if (which === 'all') {
  for (const name of [
    'engine',
    'agent',
    'ja',
    'ko',
    'oidc',
    'genesys',
    'idle',
    'relay',
    'gadget',
    'diagnostics',
    'refresh',
    'signin',
  ]) {
    const script = document.createElement('script');
    script.src = `./finesse-sso-part-${name}.js`;
    script.async = false;
    document.head.append(script);
  }
  add({ username: 'agent1' });
}
if (which === 'oidc') {
  add({
    provider: 'oidc',
    issuer: `${location.origin}/no-issuer`,
    'client-id': 'desk',
    'redirect-uri': './callback.html',
  });
}
if (which === 'genesys-missing') {
  window.FinesseSSO.setPartsUrl('./missing/');
  add({ provider: 'genesys', region: 'us-east-1', 'client-id': 'desk', 'redirect-uri': './cb' });
}
