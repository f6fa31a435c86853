/**
 * The module boundaries, checked by `npm run lint` (dependency-cruiser). The layers point inward:
 * protocol/ is pure and shared by everyone; api/ holds the shapes of the HTTP API's JSON; node-crypto/
 * gives the protocol node:crypto on the node and in the verifier; sealed-crypto/ gives it the group of sealed ballots; the portal, the voter kit and the verifier never reach into the node.
 * @type {import('dependency-cruiser').IConfiguration}
 */
module.exports = {
  forbidden: [
    {
      name: 'protocol-is-pure',
      comment: 'protocol/ holds the consensus rules: it imports nothing but itself (no package, no Node built-in).',
      severity: 'error',
      from: { path: '^protocol/' },
      to: { pathNot: '^protocol/' },
    },
    {
      name: 'api-shapes-are-types',
      comment: "api/ describes the JSON of the HTTP API, in the protocol's terms, for the node, the portal and the verifier.",
      severity: 'error',
      from: { path: '^api/' },
      to: { pathNot: ['^api/', '^protocol/'] },
    },
    {
      name: 'node-crypto-is-an-adapter',
      comment: 'node-crypto/ gives the protocol hashing and signature checks from node:crypto, and nothing else.',
      severity: 'error',
      from: { path: '^node-crypto/' },
      to: { pathNot: ['^node-crypto/', '^protocol/'], dependencyTypesNot: ['core'] },
    },
    {
      name: 'sealed-crypto-is-an-adapter',
      comment:
        'sealed-crypto/ gives the protocol its group (libsodium, and @noble for the cross-check), in the node, the browser and the verifier.',
      severity: 'error',
      from: { path: '^sealed-crypto/' },
      to: { pathNot: ['^sealed-crypto/', '^protocol/', '^node_modules/(libsodium-wrappers-sumo|@noble)/'] },
    },
    {
      name: 'no-node-from-outside',
      comment: 'The portal, the voter kit, the verifier and the trustee tool share protocol/ with the node, never its code.',
      severity: 'error',
      from: { path: '^(client|voter|verifier|trustee)/' },
      to: { path: '^server/' },
    },
    {
      name: 'browser-code-has-no-node-built-ins',
      comment: 'The portal and the voter kit run in the browser.',
      severity: 'error',
      from: { path: '^(client|voter|sealed-crypto)/' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'only-tests-import-tests',
      comment: 'Test helpers are for tests (and the benchmark, which reuses the node launcher).',
      severity: 'error',
      from: { pathNot: '^(test|bench)/' },
      to: { path: '^test/' },
    },
    {
      name: 'no-folder-cycles',
      comment: 'Folders depend on each other in one direction only.',
      severity: 'error',
      scope: 'folder',
      from: {},
      to: { circular: true },
    },
    {
      name: 'no-module-cycles',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'not-to-unresolvable',
      comment: 'An import that does not resolve is a typo or a missing package.',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(dist|coverage|test-results|data|\\.angular)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.spec.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'] },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
