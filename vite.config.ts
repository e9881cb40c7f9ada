import { defineConfig } from 'vite';

/**
 * Two library builds from one config:
 * - default mode: ES modules for bundlers (`finesse-sso.js` registers the elements,
 *   `core.js` is the framework-free core); dependencies stay external, as a library should.
 * - `--mode iife`: one self-contained script for a `<script>` tag or a Finesse gadget,
 *   global `FinesseSSO`. This is the file whose size we watch.
 */
export default defineConfig(({ mode }) => {
  const iife = mode === 'iife';
  return {
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
