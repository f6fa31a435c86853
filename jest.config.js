/**
 * One `jest` run covers every project. `npm test` builds first (cluster and ui tests run the built node
 * and portal), then runs them all; `--selectProjects` picks a subset.
 */
const { createCjsPreset } = require('jest-preset-angular/presets');

/*
 * Jest runs CommonJS. @cloudflare/blindrsa-ts (used by voter/) ships only ES modules, with its own copy
 * of sjcl, so both are compiled like our own sources; every other package in node_modules is left alone.
 */
const transformIgnorePatterns = ['/node_modules/(?!(@cloudflare/blindrsa-ts|sjcl)/)'];

// The path aliases of tsconfig.client.json and tsconfig.spec.json.
const moduleNameMapper = { '^@protocol/(.*)$': '<rootDir>/protocol/$1', '^@api/(.*)$': '<rootDir>/api/$1' };

// The build is run as child processes, never loaded by Jest: leave it out of Jest's module map.
const modulePathIgnorePatterns = ['<rootDir>/dist/'];

// allowJs (tsconfig.spec.json) lets ts-jest compile those .js modules too.
const tsJest = { '^.+\\.[jt]s$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.spec.json' }] };
const nodeProject = (name, testMatch, extra = {}) => ({
  displayName: name,
  rootDir: __dirname,
  testEnvironment: 'node',
  testMatch,
  transform: tsJest,
  transformIgnorePatterns,
  moduleFileExtensions: ['ts', 'js', 'json'],
  moduleNameMapper,
  modulePathIgnorePatterns,
  ...extra,
});

const angularPreset = createCjsPreset({
  tsconfig: '<rootDir>/test/client/tsconfig.json',
  testEnvironment: 'jest-preset-angular/environments/jest-jsdom-env',
});

/** @type {import('jest').Config} */
module.exports = {
  projects: [
    nodeProject('protocol', ['<rootDir>/test/protocol/**/*.spec.ts']),
    nodeProject('server', ['<rootDir>/test/server/**/*.spec.ts']),
    nodeProject('voter', ['<rootDir>/test/voter/**/*.spec.ts']),
    nodeProject('verifier', ['<rootDir>/test/verifier/**/*.spec.ts']),
    nodeProject('e2e', ['<rootDir>/test/e2e/**/*.e2e-spec.ts']),
    nodeProject('cluster', ['<rootDir>/test/cluster/**/*.cluster-spec.ts']),
    nodeProject('ui', ['<rootDir>/test/ui/**/*.ui-spec.ts']),
    {
      displayName: 'client',
      rootDir: __dirname,
      ...angularPreset,
      // The preset's own exceptions (.mjs, Angular locales) plus the ES-module-only crypto packages.
      transformIgnorePatterns: ['node_modules/(?!(.*\\.mjs$|@angular/common/locales/.*\\.js$|@cloudflare/blindrsa-ts/|sjcl/))'],
      moduleNameMapper,
      modulePathIgnorePatterns,
      setupFilesAfterEnv: ['<rootDir>/test/client/setup-jest.ts'],
      testMatch: ['<rootDir>/test/client/**/*.spec.ts'],
    },
  ],
};
