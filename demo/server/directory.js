// @ts-check
/**
 * The simulated user directory: any username is an agent. A profile is derived from the login
 * name, so it needs no storage: `agentN` has extension 1000+N (agent1 → 1001), `supervisorN`
 * 3000+N and the Supervisor role, other names a stable extension in 2000-2999. In a UCCX
 * deployment the loginId is the login name (lower case); in UCCE it is numeric (agentN → 5000+N,
 * supervisorN → 7000+N, other names 6000-6999), and every call but `GET User/<loginName>` and
 * the XMPP JID use it.
 */

/** @typedef {'UCCX' | 'UCCE'} Deployment */
/**
 * @typedef {{
 *   loginName: string, loginId: string, firstName: string, lastName: string, extension: string,
 *   roles: string[], teamId: string, teamName: string,
 * }} Profile
 */

/** @type {Record<string, [string, string]>} */
const NAMES = {
  agent1: ['Alex', 'Kim'],
  agent2: ['Bea', 'Sato'],
  agent3: ['Chen', 'Li'],
  agent4: ['Dana', 'Park'],
  agent5: ['Eli', 'Ito'],
  supervisor1: ['Sam', 'Ortiz'],
};

const TEAMS = /** @type {const} */ ({ 1: 'Lab Team A', 2: 'Lab Team B' });

/** @param {string} name */
function hash(name) {
  let h = 0;
  for (const c of name) h = (h * 31 + c.charCodeAt(0)) % 1000;
  return h;
}

/** @param {string} name */
const capitalise = (name) => name.charAt(0).toUpperCase() + name.slice(1);

/**
 * @param {string} loginName as typed at sign-in; the profile uses its lower case
 * @param {Deployment} deployment
 * @returns {Profile}
 */
export function profileOf(loginName, deployment) {
  const name = loginName.toLowerCase();
  const agent = /^agent(\d{1,3})$/.exec(name);
  const supervisor = /^supervisor(\d{1,3})$/.exec(name);
  const n = Number((agent ?? supervisor)?.[1] ?? 0);
  const extension = agent ? 1000 + n : supervisor ? 3000 + n : 2000 + hash(name);
  const ucceId = agent ? 5000 + n : supervisor ? 7000 + n : 6000 + hash(name);
  const [firstName, lastName] = NAMES[name] ?? [capitalise(name), 'Lab'];
  const teamId = agent && n > 5 ? 2 : 1;
  return {
    loginName: name,
    loginId: deployment === 'UCCE' ? String(ucceId) : name,
    firstName,
    lastName,
    extension: String(extension),
    roles: supervisor ? ['Agent', 'Supervisor'] : ['Agent'],
    teamId: String(teamId),
    teamName: TEAMS[teamId],
  };
}

/**
 * Whether `id` (from a URL or a JID) names this user: its loginId, or also its login name
 * when `byLoginName` (UCCE's `GET User/<loginName>`; in UCCX they are the same).
 * @param {Profile} profile @param {string} id @param {boolean} [byLoginName]
 */
export function names(profile, id, byLoginName = false) {
  const lower = id.toLowerCase();
  return lower === profile.loginId.toLowerCase() || (byLoginName && lower === profile.loginName);
}
