/** The relay demo desktop (site A): shows the state and calls Finesse's REST API over CORS. */
import type { FinesseSsoSession } from '../../src/index.ts';

const session = document.querySelector<FinesseSsoSession>('#session')!;
const stateEl = document.querySelector('#state')!;
const userEl = document.querySelector('#user')!;
const result = document.querySelector('#api-result')!;

function show(): void {
  stateEl.textContent = session.state;
  userEl.textContent = session.user?.userId ?? '—';
}
session.addEventListener('finesse-session-change', show);
session.addEventListener('finesse-token-refreshed', show);
customElements.whenDefined('finesse-sso-session').then(show, () => undefined);

document.querySelector('#call-api')!.addEventListener('click', async () => {
  try {
    const response = await session.fetch(`/finesse/api/User/${session.user?.userId ?? 'agent1'}`);
    result.textContent = `HTTP ${response.status}`;
  } catch (error) {
    result.textContent = (error as { code?: string }).code ?? 'failed';
  }
});
