import {
  validateClusterName,
  validateNamespace,
  validateServiceAccountName,
} from './kubernetesNames';

describe('Kubernetes names', () => {
  it.each(['payments', 'team-a', 'a', 'a1', '0abc', 'x'.repeat(63)])(
    'namespace %s is valid',
    name => {
      expect(validateNamespace(name)).toEqual([]);
    },
  );

  it.each([
    ['', /is empty/],
    ['Payments', /DNS-1123 label/],
    ['team_a', /DNS-1123 label/],
    ['-team', /DNS-1123 label/],
    ['team-', /DNS-1123 label/],
    ['team.a', /DNS-1123 label/],
    ['x'.repeat(64), /at most 63/],
  ])('namespace %j is rejected', (name, message) => {
    const problems = validateNamespace(name);
    expect(problems).toHaveLength(1);
    expect(problems[0].field).toBe('namespace');
    expect(problems[0].message).toMatch(message);
  });

  it('service account names are DNS-1123 subdomains (dots allowed)', () => {
    expect(validateServiceAccountName('api.reader')).toEqual([]);
    expect(validateServiceAccountName('api..reader')[0].message).toMatch(
      /DNS-1123 subdomain/,
    );
    expect(validateServiceAccountName('API')[0].field).toBe('serviceAccount');
    expect(validateServiceAccountName('a'.repeat(254))[0].message).toMatch(
      /at most 253/,
    );
  });

  it('cluster names follow EKS rules', () => {
    expect(validateClusterName('prod_use1-A')).toEqual([]);
    expect(validateClusterName('-prod')[0].message).toMatch(/EKS cluster name/);
    expect(validateClusterName('x'.repeat(101))).toHaveLength(1);
  });
});
