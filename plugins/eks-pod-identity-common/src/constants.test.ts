import { FINDING_CATALOGUE, FINDING_CODES, severityRank } from './constants';

describe('finding catalogue', () => {
  it('has its 25 codes with their severities', () => {
    expect(FINDING_CODES).toHaveLength(25);
    const bySeverity = (s: string) =>
      FINDING_CODES.filter(c => FINDING_CATALOGUE[c].severity === s).length;
    expect([
      bySeverity('critical'),
      bySeverity('high'),
      bySeverity('medium'),
      bySeverity('low'),
      bySeverity('info'),
    ]).toEqual([6, 6, 5, 5, 3]);
  });

  it('orders severities worst first', () => {
    expect(severityRank('critical')).toBeLessThan(severityRank('info'));
  });
});
