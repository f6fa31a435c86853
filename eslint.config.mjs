// @ts-check
/*
 * One lint configuration for every part of the repository. Type-aware rules read the TypeScript project
 * that holds each file (the project service finds it through tsconfig.json's references).
 *
 * Versions (checked on Node 20.20 against Angular 21 and TypeScript 5.9; see package.json):
 * - eslint 10 and @eslint/js 10 accept Node ^20.19, as the project does.
 * - typescript-eslint 8 accepts TypeScript < 6.1.
 * - angular-eslint is pinned to 21.x: 22.x requires @angular/cli 22, which requires Node 22.
 * - dependency-cruiser (the boundary check, .dependency-cruiser.cjs) is pinned to 17.x: 18.x requires Node 22.
 */
import comments from '@eslint-community/eslint-plugin-eslint-comments/configs';
import eslint from '@eslint/js';
import angular from 'angular-eslint';
import prettier from 'eslint-config-prettier';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'coverage/', 'test-results/', 'data/', '.angular/', 'node_modules/'] },
  { linterOptions: { reportUnusedDisableDirectives: 'error' } },

  // A rule is switched off only for one line and with its reason: `// eslint-disable-next-line rule -- why`.
  comments.recommended,
  {
    rules: {
      '@eslint-community/eslint-comments/require-description': ['error', { ignore: [] }],
      '@eslint-community/eslint-comments/no-use': ['error', { allow: ['eslint-disable-next-line'] }],
    },
  },

  {
    files: ['**/*.ts'],
    extends: [eslint.configs.recommended, ...tseslint.configs.recommendedTypeChecked],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      // Angular's Validators are static methods, passed unbound by design.
      '@typescript-eslint/unbound-method': ['error', { ignoreStatic: true }],
      // A callback made before the value it refers to (a node that replaces itself) needs a late assignment.
      'prefer-const': ['error', { ignoreReadBeforeAssign: true }],
      eqeqeq: ['error', 'always', { null: 'ignore' }],
    },
  },

  // The portal: Angular's own rules for components and templates, accessibility included.
  {
    files: ['client/**/*.ts'],
    extends: [...angular.configs.tsRecommended],
    processor: angular.processInlineTemplates,
    rules: {
      '@angular-eslint/component-selector': ['error', { type: 'element', prefix: 'app', style: 'kebab-case' }],
      '@angular-eslint/directive-selector': ['error', { type: 'attribute', prefix: 'app', style: 'camelCase' }],
    },
  },
  {
    files: ['client/**/*.html'],
    extends: [...angular.configs.templateRecommended, ...angular.configs.templateAccessibility],
  },

  // Plain JavaScript: the scripts and the Jest configuration are CommonJS run by Node.
  {
    files: ['**/*.js', '**/*.cjs'],
    extends: [eslint.configs.recommended],
    languageOptions: { sourceType: 'commonjs', globals: globals.node },
  },
  {
    files: ['**/*.mjs'],
    extends: [eslint.configs.recommended],
    languageOptions: { sourceType: 'module', globals: globals.node },
  },

  // Formatting is Prettier's job: turn off every rule it would fight with.
  prettier,
);
