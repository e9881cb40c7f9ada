/**
 * One benchmark tab using this library: `<finesse-sso-session provider="oidc">` with the issuer
 * and client from the query, and the shipped callback page as the redirect URI.
 */
const query = new URLSearchParams(location.search);
const session = document.createElement('finesse-sso-session');
session.setAttribute('provider', 'oidc');
session.setAttribute('issuer', query.get('issuer') ?? '');
session.setAttribute('client-id', query.get('client') ?? '');
session.setAttribute('redirect-uri', new URL('/oauth/callback.html', location.origin).href);
document.body.append(session);
