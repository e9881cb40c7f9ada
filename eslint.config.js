import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

const NO_LIT = { group: ['lit', 'lit/*', '@lit/*'], message: 'The core imports nothing from Lit.' };

/** The floors of src/core, ground first; the assembly room alone may use every part. */
const CORE_FLOORS = {
  kernel: 1,
  session: 2,
  ids: 3,
  notifications: 3,
  idle: 3,
  keeper: 4,
  finesse: 4,
  relay: 5,
  gadget: 5,
  oauth: 5,
  oidc: 6,
  genesys: 6,
  diagnostics: 6,
  assembly: 7,
};

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'custom-elements.json'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
      'no-restricted-properties': [
        'error',
        { object: 'it', property: 'only', message: 'No focused tests.' },
        { object: 'it', property: 'skip', message: 'No skipped tests.' },
        { object: 'describe', property: 'only', message: 'No focused tests.' },
        { object: 'describe', property: 'skip', message: 'No skipped tests.' },
        { object: 'test', property: 'only', message: 'No focused tests.' },
        { object: 'test', property: 'skip', message: 'No skipped tests.' },
      ],
      'no-console': ['error', { allow: ['warn', 'error'] }],
    },
  },
  {
    // The framework-free core: readable, testable and reusable without any rendering.
    files: ['src/core/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [NO_LIT] }] },
  },
  // The core's floors: a folder imports only folders on lower floors (README, "Layout").
  ...Object.entries(CORE_FLOORS)
    .filter(([folder]) => folder !== 'assembly')
    .map(([folder, floor]) => ({
      files: [`src/core/${folder}/**/*.ts`],
      rules: {
        'no-restricted-imports': [
          'error',
          {
            patterns: [
              NO_LIT,
              {
                group: Object.entries(CORE_FLOORS)
                  .filter(([other, level]) => other !== folder && level >= floor)
                  .map(([other]) => `**/${other}/*`),
                message: `core/${folder}/ is on floor ${floor}: it imports only from lower floors.`,
              },
            ],
          },
        ],
      },
    })),
  {
    files: ['demo/server/**/*.js', 'scripts/**/*.js', 'test/e2e/**/*.js', '*.config.js'],
    languageOptions: { globals: { ...globals.node } },
    rules: { 'no-console': 'off' },
  },
  {
    files: ['test/**/*.ts', 'test/**/*.js'],
    rules: {
      '@typescript-eslint/no-unused-expressions': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
);
