import {
  Finding,
  FindingSubjectType,
  severityRank,
} from '@pod-identity/plugin-eks-pod-identity-common';

export type FindingSubject = { type: FindingSubjectType; id: string };

/** Findings by subject, so a response gathers the ones that concern it. */
export class FindingIndex {
  private readonly bySubject = new Map<string, Finding[]>();

  constructor(readonly all: Finding[]) {
    for (const finding of all) {
      const key = FindingIndex.key(finding.subject);
      const list = this.bySubject.get(key);
      if (list) list.push(finding);
      else this.bySubject.set(key, [finding]);
    }
  }

  private static key(subject: FindingSubject) {
    return `${subject.type}\n${subject.id}`;
  }

  /** Findings about any of the subjects, each once, worst first. */
  about(...subjects: Array<FindingSubject | undefined>): Finding[] {
    const found = new Set<Finding>();
    for (const subject of subjects) {
      if (!subject) continue;
      for (const f of this.bySubject.get(FindingIndex.key(subject)) ?? []) {
        found.add(f);
      }
    }
    return [...found].sort(
      (a, b) => severityRank(a.severity) - severityRank(b.severity),
    );
  }
}
