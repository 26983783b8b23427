import type {
  PolicyDocument,
  PolicyStatement,
} from '@pod-identity/plugin-eks-pod-identity-common';

/** A policy document whose statements are a list (what the actions build and compare). */
export interface StatementList extends PolicyDocument {
  Statement: PolicyStatement[];
}

export function toList<T>(value: T | T[] | undefined): T[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

export function statementList(document: PolicyDocument): PolicyStatement[] {
  return toList(document.Statement);
}
