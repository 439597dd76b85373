// House rules for every project: typed strict linting, the dependency direction
// (sdk <- backend-kit <- core <- server <- cli; plugins -> sdk, backends also -> backend-kit, modules also
// -> module-kit) and "library code never prints".
import js from '@eslint/js';
import nx from '@nx/eslint-plugin';
import prettier from 'eslint-config-prettier';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: ['**/dist/**', '**/node_modules/**', '**/.nx/**', '**/coverage/**', '**/*.d.ts'],
  },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    plugins: { '@nx': nx },
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          allow: [],
          depConstraints: [
            { sourceTag: 'scope:sdk', onlyDependOnLibsWithTags: [] },
            { sourceTag: 'scope:backend-kit', onlyDependOnLibsWithTags: ['scope:sdk'] },
            { sourceTag: 'scope:module-kit', onlyDependOnLibsWithTags: ['scope:sdk'] },
            {
              sourceTag: 'scope:core',
              onlyDependOnLibsWithTags: ['scope:sdk', 'scope:backend-kit'],
            },
            {
              sourceTag: 'scope:server',
              onlyDependOnLibsWithTags: ['scope:core', 'scope:sdk', 'scope:portal'],
            },
            { sourceTag: 'scope:portal', onlyDependOnLibsWithTags: [] },
            {
              sourceTag: 'scope:cli',
              onlyDependOnLibsWithTags: ['scope:core', 'scope:sdk', 'scope:server'],
            },
            {
              sourceTag: 'scope:plugin',
              onlyDependOnLibsWithTags: ['scope:sdk', 'scope:backend-kit', 'scope:module-kit'],
            },
            { sourceTag: 'scope:testkit', onlyDependOnLibsWithTags: ['scope:sdk'] },
            { sourceTag: 'scope:tools', onlyDependOnLibsWithTags: ['scope:tools'] },
            { sourceTag: 'scope:e2e', onlyDependOnLibsWithTags: ['scope:tools'] },
            {
              sourceTag: 'scope:generators',
              onlyDependOnLibsWithTags: ['scope:core', 'scope:sdk'],
            },
            {
              sourceTag: 'scope:example',
              onlyDependOnLibsWithTags: ['scope:core', 'scope:sdk', 'scope:testkit'],
            },
          ],
        },
      ],
      '@typescript-eslint/consistent-type-imports': 'error',
      // Every promise is awaited or handled: `void promise` hides a rejection the same way.
      '@typescript-eslint/no-floating-promises': ['error', { ignoreVoid: false }],
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
      'no-console': 'error',
    },
  },
  {
    // Only the CLI, the tools, the examples and the end-to-end tests write to the terminal.
    files: ['packages/cli/**', 'tools/**', 'e2e/**', 'examples/**'],
    rules: { 'no-console': 'off' },
  },
  {
    // Tests may also use the testkit (conformance suite, test provider) and the real test peers.
    files: ['**/*.test.ts', '**/test/**/*.ts', '**/vitest.config.ts'],
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          depConstraints: [
            { sourceTag: 'scope:sdk', onlyDependOnLibsWithTags: [] },
            {
              sourceTag: '*',
              onlyDependOnLibsWithTags: [
                'scope:sdk',
                'scope:backend-kit',
                'scope:module-kit',
                'scope:core',
                'scope:server',
                'scope:testkit',
                'scope:tools',
              ],
            },
          ],
        },
      ],
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
    },
  },
  {
    files: ['**/*.mjs', '**/*.js'],
    ...tseslint.configs.disableTypeChecked,
  },
  prettier,
);
