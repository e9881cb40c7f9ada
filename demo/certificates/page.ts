/**
 * The certificate test page: the Finesse address changes with every run (`?finesse=` from
 * the test), so the session element is built here instead of written in the HTML. Its
 * attributes are read once, when it connects.
 */
const finesse = new URL(new URLSearchParams(location.search).get('finesse') ?? '', location.href);
const element = document.createElement('finesse-sso-session');
element.setAttribute('finesse-url', finesse.origin);
element.setAttribute('relay-url', `${finesse.origin}/3rdpartygadget/files/finesse-sso/relay.html`);
document.querySelector('#main')!.append(element);
