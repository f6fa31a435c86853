// Prints one line "N passed, N failed, N skipped" counted from Jest's JSON report.
const { existsSync, readFileSync } = require('node:fs');

const file = process.argv[2] || 'test-results/jest.json';
if (!existsSync(file)) {
  console.log('0 passed, 1 failed');
  process.exit(0);
}
const report = JSON.parse(readFileSync(file, 'utf8'));
// A suite that failed to run (syntax error, crash in beforeAll) counts as a failure even with no test results.
const brokenSuites = report.testResults.filter(
  (s) => s.status === 'failed' && s.assertionResults.every((a) => a.status !== 'failed'),
).length;
console.log(`${report.numPassedTests} passed, ${report.numFailedTests + brokenSuites} failed, ${report.numPendingTests} skipped`);
