/*
 * What a packed package.json must satisfy before it may be published: every
 * dependency range resolvable from the registry (no workspace:, link:, file:
 * or portal: protocol, no dependency on a private workspace package), the
 * repository, homepage, bugs and licence set, and every entry point present
 * in the tarball.
 */

const DEPENDENCY_FIELDS = [
  'dependencies',
  'peerDependencies',
  'optionalDependencies',
  'devDependencies',
];
const LOCAL_PROTOCOL = /^(workspace|link|file|portal|patch):/;

/**
 * @param {object} manifest the package.json inside the tarball
 * @param {object} context
 * @param {string[]} context.files paths inside the tarball, relative to package/
 * @param {string} context.directory the package's folder in the repository
 * @param {object} context.repository the root package.json's repository
 * @param {string} context.license the root package.json's licence
 * @param {Set<string>} context.privatePackages names of unpublished workspace packages
 * @returns {string[]} problems, empty when the manifest may be published
 */
export function packedManifestProblems(manifest, context) {
  const problems = [];
  const files = new Set(context.files);

  for (const field of DEPENDENCY_FIELDS) {
    for (const [name, range] of Object.entries(manifest[field] ?? {})) {
      if (LOCAL_PROTOCOL.test(range)) {
        problems.push(`${field}.${name} is "${range}", which no registry can resolve`);
      }
      if (field !== 'devDependencies' && context.privatePackages.has(name)) {
        problems.push(`${field}.${name} is a private workspace package that is never published`);
      }
    }
  }

  if (manifest.license !== context.license) {
    problems.push(`license is ${JSON.stringify(manifest.license)}, expected "${context.license}"`);
  }
  const repository = manifest.repository ?? {};
  if (repository.url !== context.repository.url) {
    problems.push(`repository.url is ${JSON.stringify(repository.url)}, expected "${context.repository.url}"`);
  }
  if (repository.directory !== context.directory) {
    problems.push(`repository.directory is ${JSON.stringify(repository.directory)}, expected "${context.directory}"`);
  }
  if (!manifest.homepage) problems.push('homepage is missing');
  if (!manifest.bugs?.url) problems.push('bugs.url is missing');
  if (!manifest.backstage?.role) problems.push('backstage.role is missing');
  if (!manifest.backstage?.pluginId) problems.push('backstage.pluginId is missing');
  if (manifest.private) problems.push('the package is private');

  for (const entry of entryPoints(manifest)) {
    const path = entry.replace(/^\.\//, '');
    if (!files.has(path)) {
      problems.push(`entry point ${entry} is not in the tarball`);
    } else if (path.startsWith('src/')) {
      problems.push(`entry point ${entry} is source, not the built dist/`);
    }
  }
  // Legacy apps import the main entry point; only ./alpha may carry the
  // new frontend system plugin, which app feature discovery picks up.
  if (manifest.backstage?.role === 'frontend-plugin') {
    const features = manifest.backstage.features ?? {};
    if (features['.']) {
      problems.push(`the main entry point exports a ${features['.']}; it belongs in ./alpha`);
    }
    if (features['./alpha'] !== '@backstage/FrontendPlugin') {
      problems.push('./alpha does not export the new frontend system plugin');
    }
  }
  if (manifest.configSchema && !files.has(manifest.configSchema)) {
    problems.push(`configSchema ${manifest.configSchema} is not in the tarball`);
  }
  return problems;
}

function entryPoints(manifest) {
  const entries = [manifest.main, manifest.module, manifest.types];
  for (const target of Object.values(manifest.exports ?? {})) {
    if (typeof target === 'string') {
      entries.push(target);
    } else {
      // The `backstage` condition names the feature type, not a file.
      const { backstage: _featureType, ...conditions } = target ?? {};
      entries.push(...Object.values(conditions));
    }
  }
  return [...new Set(entries.filter(e => typeof e === 'string'))];
}
