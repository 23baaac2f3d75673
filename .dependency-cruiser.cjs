// The boundaries of the code, checked by `npm run check` (docs/testing.md, "Boundaries").
// Features are the folders of src/ that own a module, routes and a repository; a feature reaches
// another only through what that module exports (its service), never its dto/ or repository.
const FEATURES =
  '(activities|companies|customers|events|fields|imports|pipeline|reports|webhooks|workspaces)';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-cycle',
      comment:
        'A cycle makes load order and Nest wiring depend on who imports first.',
      severity: 'error',
      from: { path: '^src/' },
      to: { circular: true },
    },
    {
      name: 'feature-dto-is-its-own',
      comment:
        "A feature's dto/ describes its own routes; shapes several share live in common/.",
      severity: 'error',
      from: { path: `^src/${FEATURES}/` },
      to: { path: `^src/${FEATURES}/dto/`, pathNot: '^src/$1/' },
    },
    {
      name: 'feature-repository-is-its-own',
      comment:
        "Only a feature's own service reads its repository; others call that service.",
      severity: 'error',
      from: { path: `^src/${FEATURES}/` },
      to: {
        path: `^src/${FEATURES}/[^/]+[.]repository[.]ts$`,
        pathNot: '^src/$1/',
      },
    },
    {
      name: 'data-layer-knows-no-feature',
      comment: 'database/ serves every feature and depends on none.',
      severity: 'error',
      from: { path: '^src/database/' },
      to: { path: `^src/${FEATURES}/` },
    },
    {
      name: 'shared-code-knows-no-feature',
      comment:
        'common/, config/, auth/, logging/, lifecycle/, rate-limit/ sit below every feature.',
      severity: 'error',
      from: { path: '^src/(common|config|auth|logging|lifecycle|rate-limit)/' },
      to: { path: `^src/${FEATURES}/` },
    },
    {
      name: 'secret-key-client-stays-in-database',
      comment:
        'The secret-key client bypasses every policy: features act as the user instead.',
      severity: 'error',
      from: { pathNot: '^src/database/' },
      to: { path: '^src/database/supabase-service[.]client[.]ts$' },
    },
    {
      name: 'testing-helpers-in-specs-only',
      comment:
        'src/testing/ holds doubles for unit specs; the build leaves it out, so nothing else may import it.',
      severity: 'error',
      from: { path: '^src/', pathNot: '([.]spec[.]ts$|^src/testing/)' },
      to: { path: '^src/testing/' },
    },
    {
      name: 'product-imports-no-tooling',
      comment:
        'What ships is src/ alone: nothing of scripts/, bench/ or test/ may reach it.',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: '^(scripts|bench|test)/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)node_modules/|[.]d[.]ts$' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.mts', '.js', '.mjs', '.cjs', '.json'],
    },
  },
};
