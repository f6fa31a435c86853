/**
 * One `jest` run covers every project. `npm test` builds first (cluster and ui tests run the built node
 * and portal), then runs them all; `--selectProjects` picks a subset.
 */
const { createCjsPreset } = require('jest-preset-angular/presets');

const tsJest = { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.spec.json' }] };
const nodeProject = (name, testMatch, extra = {}) => ({
  displayName: name,
  rootDir: __dirname,
  testEnvironment: 'node',
  testMatch,
  transform: tsJest,
  moduleFileExtensions: ['ts', 'js', 'json'],
  ...extra,
});

/** @type {import('jest').Config} */
module.exports = {
  projects: [
    nodeProject('protocol', ['<rootDir>/test/protocol/**/*.spec.ts']),
    nodeProject('server', ['<rootDir>/test/server/**/*.spec.ts']),
    nodeProject('e2e', ['<rootDir>/test/e2e/**/*.e2e-spec.ts']),
    nodeProject('cluster', ['<rootDir>/test/cluster/**/*.cluster-spec.ts']),
    nodeProject('ui', ['<rootDir>/test/ui/**/*.ui-spec.ts']),
    {
      displayName: 'client',
      rootDir: __dirname,
      ...createCjsPreset({
        tsconfig: '<rootDir>/test/client/tsconfig.json',
        testEnvironment: 'jest-preset-angular/environments/jest-jsdom-env',
      }),
      setupFilesAfterEnv: ['<rootDir>/test/client/setup-jest.ts'],
      testMatch: ['<rootDir>/test/client/**/*.spec.ts'],
    },
  ],
};
