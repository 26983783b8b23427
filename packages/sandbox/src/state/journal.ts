import type { MutationLogEntry } from '../types';

/** What the sandbox did: the mutation log and the per-operation call counts. */
export class Journal {
  private log: MutationLogEntry[] = [];
  private counts = new Map<string, number>();

  recordMutation(entry: Omit<MutationLogEntry, 'at'>): void {
    this.log.push({ at: new Date().toISOString(), ...entry });
  }

  mutations(): MutationLogEntry[] {
    return this.log.map(entry => ({ ...entry }));
  }

  clearMutations(): void {
    this.log = [];
  }

  countCall(operation: string): void {
    this.counts.set(operation, (this.counts.get(operation) ?? 0) + 1);
  }

  callCounts(): Record<string, number> {
    return Object.fromEntries(this.counts);
  }

  resetCallCounts(): void {
    this.counts.clear();
  }
}
