// A minimal host for a real Finesse: shows the session's state and reads the agent's User
// record through session.fetch(), which adds the bearer token for the Finesse origin only.
const session = document.getElementById('session');
const show = () => {
  document.getElementById('state').textContent = session.state;
  document.getElementById('user').textContent = session.user?.userId ?? '—';
};
session.addEventListener('finesse-session-change', show);
customElements.whenDefined('finesse-sso-session').then(show);
document.getElementById('call').addEventListener('click', async () => {
  const out = document.getElementById('result');
  try {
    const response = await session.fetch(
      `/finesse/api/User/${encodeURIComponent(session.user.userId)}`,
    );
    const xml = new DOMParser().parseFromString(await response.text(), 'application/xml');
    const field = (name) => xml.querySelector(name)?.textContent ?? '';
    out.textContent = response.ok
      ? `${field('firstName')} ${field('lastName')}: ${field('state')}`
      : `HTTP ${response.status}`;
  } catch (error) {
    out.textContent = `${error.code ?? error.name}: ${error.message}`;
  }
});
