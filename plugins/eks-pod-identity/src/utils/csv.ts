import type {
  AccessChange,
  Association,
} from '@pod-identity/plugin-eks-pod-identity-common';
import { sortFindings } from './findings';

const COLUMNS: [string, (a: Association) => string][] = [
  ['cluster', a => a.cluster],
  ['namespace', a => a.namespace],
  ['serviceAccount', a => a.serviceAccount],
  ['roleArn', a => a.roleArn],
  ['targetRoleArn', a => a.targetRoleArn ?? ''],
  ['sessionTags', a => (a.disableSessionTags ? 'disabled' : 'enabled')],
  ['sessionPolicy', a => (a.sessionPolicy ? 'yes' : 'no')],
  ['addonOwnerArn', a => a.ownerArn ?? ''],
  ['owner', a => a.owner ?? ''],
  ['mappedEntityRefs', a => a.mappedEntityRefs.join(' ')],
  ['worstSeverity', a => sortFindings(a.findings)[0]?.severity ?? ''],
  [
    'findings',
    a => [...new Set(sortFindings(a.findings).map(f => f.code))].join(' '),
  ],
  ['associationId', a => a.id],
  ['createdAt', a => a.createdAt],
  ['modifiedAt', a => a.modifiedAt],
];

function cell(value: string): string {
  // A leading =, +, - or @ makes spreadsheets evaluate the cell as a formula.
  const safe = /^[=+\-@]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** RFC 4180 CSV, one row per association, header first. */
export function associationsToCsv(
  associations: readonly Association[],
): string {
  const lines = [
    COLUMNS.map(([name]) => name).join(','),
    ...associations.map(a => COLUMNS.map(([, get]) => cell(get(a))).join(',')),
  ];
  return `${lines.join('\r\n')}\r\n`;
}

const CHANGE_COLUMNS: [string, (c: AccessChange) => string][] = [
  ['at', c => c.at],
  ['kind', c => c.kind],
  ['madeBy', c => c.madeBy],
  ['source', c => c.source ?? ''],
  ['summary', c => c.summary],
  ['cluster', c => c.cluster ?? ''],
  ['namespace', c => c.namespace ?? ''],
  ['serviceAccount', c => c.serviceAccount ?? ''],
  ['associationId', c => c.associationId ?? ''],
  ['roleArn', c => c.roleArn ?? ''],
  ['findingCode', c => c.findingCode ?? ''],
  ['fields', c => (c.fields ?? []).join(' ')],
  ['entityRefs', c => c.entityRefs.join(' ')],
];

/** RFC 4180 CSV, one row per recorded access change, header first. */
export function changesToCsv(changes: readonly AccessChange[]): string {
  const lines = [
    CHANGE_COLUMNS.map(([name]) => name).join(','),
    ...changes.map(c =>
      CHANGE_COLUMNS.map(([, get]) => cell(get(c))).join(','),
    ),
  ];
  return `${lines.join('\r\n')}\r\n`;
}
