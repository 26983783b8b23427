/*
 * Reads the standalone sandbox's JSON line on stdin and prints the `aws`
 * config block a backend needs against it, from the sandbox package's own
 * helper: the identities it hands out are the sandbox's to decide.
 */
import { readFileSync } from 'node:fs';
import { sandboxAwsConfig } from '@pod-identity/sandbox';

const sandbox = JSON.parse(readFileSync(0, 'utf8'));
process.stdout.write(JSON.stringify(sandboxAwsConfig(sandbox)));
