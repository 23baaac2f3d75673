// npm run mutate: mutation testing of the unit specs of the security-relevant code. Not part of
// npm test; its score and surviving mutants are discussed in the README.
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
const config = {
  packageManager: 'npm',
  testRunner: 'jest',
  jest: {
    projectType: 'custom',
    configFile: 'jest.stryker.config.mjs',
    enableFindRelatedTests: true,
  },
  // Jest 30 loads ESM dependencies through VM modules, as in `npm run test:unit`.
  testRunnerNodeArgs: ['--experimental-vm-modules'],
  coverageAnalysis: 'perTest',
  mutate: [
    'src/auth/**/*.ts',
    'src/common/list-cursor.ts',
    'src/common/problem-details*.ts',
    'src/common/http-exception-with-headers.ts',
    'src/common/validation.pipe.ts',
    'src/common/json-body.parser.ts',
    'src/rate-limit/**/*.ts',
    'src/database/database-error.ts',
    '!src/**/*.spec.ts',
    '!src/**/*.module.ts',
  ],
  ignorePatterns: ['dist', 'coverage', 'reports', 'bench/results', '.local'],
  concurrency: 2,
  reporters: ['clear-text', 'progress', 'json'],
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  tempDirName: '.stryker-tmp',
};
export default config;
