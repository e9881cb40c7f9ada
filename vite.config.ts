import { defineConfig } from 'vite';

/**
 * Three builds from one config:
 * - default mode: ES modules for bundlers (`finesse-sso.js` registers the elements,
 *   `core.js` is the framework-free core); dependencies stay external, as a library should.
 * - `--mode iife`: one self-contained script for a `<script>` tag or a Finesse gadget,
 *   global `FinesseSSO`. This is the file whose size we watch.
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
  const iife = mode === 'iife';
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
    define: { __FINESSE_SSO_BUILD__: JSON.stringify(iife ? 'iife' : 'es') },
    build: {
      target: 'es2022',
      emptyOutDir: !iife,
      sourcemap: true,
      minify: iife,
      lib: iife
        ? {
            entry: 'src/index.ts',
            name: 'FinesseSSO',
            formats: ['iife'],
            fileName: () => 'finesse-sso.iife.js',
          }
        : {
            entry: { 'finesse-sso': 'src/index.ts', core: 'src/core/index.ts' },
            formats: ['es'],
            fileName: (_format, name) => `${name}.js`,
          },
      rollupOptions: iife ? {} : { external: [/^lit/, /^@lit\//, 'idb-keyval'] },
    },
  };
});
