import { test } from 'node:test';
import assert from 'node:assert/strict';
import { packedManifestProblems } from './packedManifest.mjs';

const repository = { type: 'git', url: 'https://example.com/repo' };
const context = {
  files: ['package.json', 'dist/index.cjs.js', 'dist/index.d.ts'],
  directory: 'plugins/x-backend',
  repository,
  license: 'Apache-2.0',
  privatePackages: new Set(['@scope/sandbox']),
};
const publishable = {
  name: '@scope/plugin-x-backend',
  version: '0.1.0',
  license: 'Apache-2.0',
  homepage: 'https://example.com/repo#readme',
  bugs: { url: 'https://example.com/repo/issues' },
  repository: { ...repository, directory: 'plugins/x-backend' },
  backstage: { role: 'backend-plugin', pluginId: 'x' },
  main: 'dist/index.cjs.js',
  types: 'dist/index.d.ts',
  dependencies: { '@scope/plugin-x-common': '^0.1.0' },
  devDependencies: { '@scope/sandbox': '^0.1.0' },
};

test('a built manifest with registry ranges and full metadata passes', () => {
  assert.deepEqual(packedManifestProblems(publishable, context), []);
});

test('a workspace: range is reported in any dependency field', () => {
  for (const field of ['dependencies', 'peerDependencies', 'devDependencies']) {
    const problems = packedManifestProblems(
      { ...publishable, [field]: { '@scope/plugin-x-common': 'workspace:^' } },
      context,
    );
    assert.deepEqual(problems, [
      `${field}.@scope/plugin-x-common is "workspace:^", which no registry can resolve`,
    ]);
  }
});

test('a runtime dependency on a private workspace package is reported', () => {
  const problems = packedManifestProblems(
    { ...publishable, dependencies: { '@scope/sandbox': '^0.1.0' } },
    context,
  );
  assert.deepEqual(problems, [
    'dependencies.@scope/sandbox is a private workspace package that is never published',
  ]);
});

test('missing repository, licence and links are each reported', () => {
  const { repository: _r, license: _l, homepage: _h, bugs: _b, ...bare } = publishable;
  assert.deepEqual(packedManifestProblems(bare, context), [
    'license is undefined, expected "Apache-2.0"',
    'repository.url is undefined, expected "https://example.com/repo"',
    'repository.directory is undefined, expected "plugins/x-backend"',
    'homepage is missing',
    'bugs.url is missing',
  ]);
});

test('entry points must be built files inside the tarball', () => {
  const problems = packedManifestProblems(
    { ...publishable, main: 'src/index.ts', types: 'dist/missing.d.ts' },
    { ...context, files: [...context.files, 'src/index.ts'] },
  );
  assert.deepEqual(problems, [
    'entry point src/index.ts is source, not the built dist/',
    'entry point dist/missing.d.ts is not in the tarball',
  ]);
});

test('a frontend plugin carries the new-system plugin in ./alpha only', () => {
  const frontend = {
    ...publishable,
    backstage: {
      role: 'frontend-plugin',
      pluginId: 'x',
      features: { '.': '@backstage/FrontendPlugin' },
    },
    main: 'dist/index.esm.js',
    exports: {
      '.': { backstage: '@backstage/FrontendPlugin', import: './dist/index.esm.js' },
      './package.json': './package.json',
    },
  };
  const problems = packedManifestProblems(frontend, {
    ...context,
    files: ['package.json', 'dist/index.esm.js', 'dist/index.d.ts'],
  });
  assert.deepEqual(problems, [
    'the main entry point exports a @backstage/FrontendPlugin; it belongs in ./alpha',
    './alpha does not export the new frontend system plugin',
  ]);
});
