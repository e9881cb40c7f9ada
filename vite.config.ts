import { defineConfig } from 'vite';

/**
 * Builds from one config:
 * - default mode: ES modules for bundlers, one entry per part (`finesse-sso.js` registers every
 *   element, `session.js` the session element only, `agent.js` the agent elements, `core.js`
 *   the framework-free core, `oidc.js`, `genesys.js`, `doctor.js` the administrators' `<finesse-sso-doctor>`); the parts a page may not need are
 *   dynamic imports, so they are chunks of their own. Dependencies stay external.
 * - `--mode iife` (run by scripts/build-iife.js, not here): the first script
 *   `finesse-sso.iife.js` and its parts beside it.
 * - `--mode keeper`: `finesse-sso-keeper.js`, the refresh keeper service worker (finishes a
 *   refresh whose tab reloaded or closed mid-request), loaded beside either bundle.
 * - `--mode worker`: `finesse-sso-xmpp-worker.js`, the notification Worker (the XMPP client),
 *   a classic self-contained script loaded beside either bundle only when an agent's
 *   notifications start. No bundle contains its code.
 *
 * `__FINESSE_SSO_BUILD__` tells the code which build it is in (`'es'` / `'iife'`), to find
 * the Worker file; running from source it is undefined and the Worker is the .ts file.
 */
export default defineConfig(({ mode }) => {
  if (mode === 'iife') throw new Error('The IIFE files are built by scripts/build-iife.js.');
  if (mode === 'worker' || mode === 'keeper') {
    const keeper = mode === 'keeper';
    return {
      build: {
        target: 'es2022',
        emptyOutDir: false,
        sourcemap: true,
        minify: true,
        lib: keeper
          ? {
              entry: 'src/core/keeper/keeper-worker.ts',
              name: 'FinesseSSOKeeper',
              formats: ['iife'],
              fileName: () => 'finesse-sso-keeper.js',
            }
          : {
              entry: 'src/core/notifications/xmpp-worker.ts',
              name: 'FinesseSSOXmppWorker',
              formats: ['iife'],
              fileName: () => 'finesse-sso-xmpp-worker.js',
            },
      },
    };
  }
  return {
    define: { __FINESSE_SSO_BUILD__: JSON.stringify('es') },
    build: {
      target: 'es2022',
      emptyOutDir: true,
      sourcemap: true,
      minify: false,
      lib: {
        entry: {
          'finesse-sso': 'src/index.ts',
          session: 'src/session.ts',
          agent: 'src/elements/agent.ts',
          core: 'src/core/index.ts',
          oidc: 'src/core/oidc/part.ts',
          genesys: 'src/core/genesys/part.ts',
          doctor: 'src/elements/doctor/finesse-sso-doctor.ts',
        },
        formats: ['es'],
        fileName: (_format, name) => `${name}.js`,
      },
      // Chunks stay beside the entries: the Worker and keeper files are found from import.meta.url.
      rollupOptions: { external: [/^lit/, /^@lit\//, 'idb-keyval'] },
    },
  };
});
