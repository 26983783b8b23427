import { parseServiceAccountsAnnotation } from './annotations';

describe('parseServiceAccountsAnnotation', () => {
  it('parses comma separated entries, trimming blanks and duplicates', () => {
    const { refs, problems } = parseServiceAccountsAnnotation(
      ' prod-use1:payments/api , *:payments/worker,,prod-use1:payments/api',
    );
    expect(problems).toEqual([]);
    expect(refs).toEqual([
      { cluster: 'prod-use1', namespace: 'payments', serviceAccount: 'api' },
      { cluster: '*', namespace: 'payments', serviceAccount: 'worker' },
    ]);
  });

  it('keeps good entries and reports malformed ones with the expected format', () => {
    const { refs, problems } = parseServiceAccountsAnnotation(
      'prod:team-a/sa-1,payments/api,prod:Team_A/sa',
    );
    expect(refs).toEqual([
      { cluster: 'prod', namespace: 'team-a', serviceAccount: 'sa-1' },
    ]);
    expect(problems).toHaveLength(2);
    expect(problems[0].message).toContain('"payments/api" is malformed');
    expect(problems[0].message).toContain('cluster:namespace/serviceaccount');
    expect(problems[1].message).toContain('DNS-1123 label');
    expect(problems[1].field).toContain('namespace');
  });

  it('reports an empty annotation', () => {
    const { refs, problems } = parseServiceAccountsAnnotation(' , ');
    expect(refs).toEqual([]);
    expect(problems[0].message).toMatch(/is empty/);
  });
});
