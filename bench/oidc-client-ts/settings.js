/**
 * The UserManager settings every benchmark tab uses, as oidc-client-ts's documentation
 * recommends for a SPA with refresh tokens shared by tabs: code flow (PKCE), `offline_access`,
 * automatic silent renew, and the user in localStorage. The page's query names the issuer,
 * the client and the renew lead time; the callback page (no query) reads them back.
 */
window.benchSettings = () => {
  const query = new URLSearchParams(location.search);
  if (query.has('issuer'))
    localStorage.setItem(
      'bench.query',
      JSON.stringify({
        issuer: query.get('issuer'),
        client: query.get('client'),
        notify: query.get('notify'),
      }),
    );
  const { issuer, client, notify } = JSON.parse(localStorage.getItem('bench.query') ?? '{}');
  const { WebStorageStateStore } = window.oidc;
  const callback = new URL('callback.html', location.href).href;
  return {
    authority: issuer,
    client_id: client,
    redirect_uri: callback,
    popup_redirect_uri: callback,
    response_type: 'code',
    scope: 'openid offline_access',
    automaticSilentRenew: true,
    // The library's default is 60 s before expiry; the benchmark's short lifetimes scale it.
    accessTokenExpiringNotificationTimeInSeconds: Number(notify ?? 60),
    userStore: new WebStorageStateStore({ store: window.localStorage }),
  };
};
