/*
 * The install steps of the plugin READMEs, as the stock-app test follows
 * them. A step is the fenced code block right after a marker comment:
 *
 *   <!-- stock-app: run -->                         shell commands, run in the app
 *   <!-- stock-app: packages/backend/src/index.ts --> backend.add(...) statements
 *   <!-- stock-app: packages/app/src/App.tsx -->      imports + createApp features
 *   <!-- stock-app: app-config.yaml -->               YAML merged into the config
 *
 * A README whose step is wrong (a package name, an import path, a config key)
 * makes the stock app fail to install, typecheck, start or show the plugin.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import YAML from 'yaml';

const MARKER =
  /<!--\s*stock-app:\s*(\S+)\s*-->\s*\n+```(\w*)\n([\s\S]*?)\n```/g;

/** Every marked step of one README, in order. */
export function readmeSteps(readmePath) {
  const text = readFileSync(readmePath, 'utf8');
  return [...text.matchAll(MARKER)].map(([, target, lang, code]) => ({
    readme: readmePath,
    target,
    lang,
    code,
  }));
}

/** Drops `// comment` lines and blank lines; READMEs name the file in a comment. */
function codeLines(code) {
  return code
    .split('\n')
    .filter(line => line.trim() && !line.trim().startsWith('//'));
}

/**
 * The shell commands of a `run` step, with each `@pod-identity/…` package a
 * `yarn add` names pointed at its tarball: the packages are not published.
 */
export function shellCommands(code, tarballs) {
  return codeLines(code)
    .filter(line => !line.trim().startsWith('#'))
    .map(line =>
      /\byarn\b.*\badd\b/.test(line)
        ? line.replace(/@pod-identity\/[\w-]+/g, name => {
            if (!tarballs[name]) {
              throw new Error(`${name} is not a package of this repository`);
            }
            return `${name}@file:${tarballs[name]}`;
          })
        : line,
    );
}

const normalise = statement => statement.replace(/\s+/g, '');

/** Adds each `backend.add(...)` statement of the step that the backend lacks, before `backend.start()`. */
export function applyBackendStep(appDir, code) {
  const file = join(appDir, 'packages/backend/src/index.ts');
  let index = readFileSync(file, 'utf8');
  const statements = codeLines(code)
    .join('\n')
    .split(';')
    .map(s => s.trim())
    .filter(Boolean);
  if (statements.length === 0) throw new Error('the step has no statement');
  const present = new Set(
    index.split(';').map(s => normalise(s.replace(/^\s*\/\/.*$/gm, ''))),
  );
  for (const statement of statements) {
    if (!statement.startsWith('backend.add(')) {
      throw new Error(`not a backend.add statement: ${statement}`);
    }
    if (present.has(normalise(statement))) continue;
    index = index.replace(
      'backend.start();',
      `${statement};\n\nbackend.start();`,
    );
  }
  writeFileSync(file, index);
}

/**
 * Adds the step's imports to App.tsx and, to the `features` array of its
 * `createApp`, each feature the step imports (others in the step's list are
 * the app's own, shown for context).
 */
export function applyAppStep(appDir, code) {
  const file = join(appDir, 'packages/app/src/App.tsx');
  let app = readFileSync(file, 'utf8');
  const imports = code.match(/^import[\s\S]*?from\s+'[^']+';$/gm) ?? [];
  const imported = imports.flatMap(statement => {
    const clause = statement
      .replace(/^import\s+/, '')
      .replace(/\s+from[\s\S]*$/, '');
    return clause
      .replace(/[{}]/g, ',')
      .split(',')
      .map(s =>
        s
          .trim()
          .split(/\s+as\s+/)
          .pop(),
      )
      .filter(Boolean);
  });
  const listed = code.match(/features:\s*\[([\s\S]*?)\]/)?.[1] ?? '';
  const features = listed
    .split(',')
    .map(s => s.replace(/\/\*[\s\S]*?\*\//g, '').trim())
    .filter(name => imported.includes(name));
  if (imports.length === 0 || features.length === 0) {
    throw new Error('the step imports no feature that it adds to createApp');
  }
  const lastImport = [...app.matchAll(/^import[\s\S]*?;$/gm)].pop();
  const at = lastImport.index + lastImport[0].length;
  app = `${app.slice(0, at)}\n${imports.join('\n')}${app.slice(at)}`;
  if (!/features:\s*\[/.test(app))
    throw new Error(`${file} has no features array`);
  app = app.replace(
    /features:\s*\[/,
    match => `${match}${features.join(', ')}, `,
  );
  writeFileSync(file, app);
}

function merge(base, extra) {
  if (Array.isArray(base) && Array.isArray(extra)) return [...base, ...extra];
  if (base && typeof base === 'object' && extra && typeof extra === 'object') {
    const out = { ...base };
    for (const [key, value] of Object.entries(extra)) {
      out[key] = key in out ? merge(out[key], value) : value;
    }
    return out;
  }
  return extra;
}

/** Merges the step's YAML into app-config.yaml; lists (catalog locations) are appended to. */
export function applyConfigStep(appDir, code) {
  const file = join(appDir, 'app-config.yaml');
  const config = YAML.parse(readFileSync(file, 'utf8'));
  writeFileSync(file, YAML.stringify(merge(config, YAML.parse(code))));
}
