import {
  describeError,
  isAccessDeniedError,
  isNotFoundError,
  redactSecrets,
} from './errors';

function awsError(name: string, message: string) {
  const e = new Error(message);
  e.name = name;
  return e;
}

describe('AWS errors', () => {
  it('classifies by error code', () => {
    expect(isNotFoundError(awsError('ResourceNotFoundException', 'x'))).toBe(
      true,
    );
    expect(isNotFoundError(awsError('NoSuchEntity', 'x'))).toBe(true);
    expect(isAccessDeniedError(awsError('AccessDenied', 'x'))).toBe(true);
    expect(isAccessDeniedError(awsError('AccessDeniedException', 'x'))).toBe(
      true,
    );
    expect(isAccessDeniedError(awsError('Throttling', 'x'))).toBe(false);
    expect(isNotFoundError('nope')).toBe(false);
  });

  it('describes an error with its code once', () => {
    expect(describeError(awsError('AccessDenied', 'not allowed'))).toBe(
      'AccessDenied: not allowed',
    );
    expect(describeError(new Error('plain'))).toBe('plain');
  });

  it('turns an AWS AccessDenied into who lacks what, and the shipped file that grants it', () => {
    const denied = (action: string, resource: string, because = '') =>
      describeError(
        awsError(
          'AccessDeniedException',
          `User: arn:aws:sts::111111111111:assumed-role/backstage-reader/backstage is not authorized to perform: ${action} on resource: ${resource}${because}`,
        ),
      );
    expect(
      denied(
        'eks:ListPodIdentityAssociations',
        'arn:aws:eks:us-east-1:111111111111:cluster/prod',
        ' because no identity-based policy allows the eks:ListPodIdentityAssociations action',
      ),
    ).toBe(
      'backstage-reader in 111111111111 lacks eks:ListPodIdentityAssociations (add it from plugins/eks-pod-identity-node/policies/reader-policy.json)',
    );
    expect(
      denied('iam:CreateRole', 'arn:aws:iam::111111111111:role/backstage/bs-x'),
    ).toBe(
      'backstage-reader in 111111111111 lacks iam:CreateRole (add it from plugins/scaffolder-backend-module-eks-pod-identity/policies/writer-policy.json)',
    );
    expect(
      denied(
        'iam:AttachRolePolicy',
        'arn:aws:iam::111111111111:role/backstage/bs-x',
        ' with an explicit deny in an identity-based policy',
      ),
    ).toBe(
      'backstage-reader in 111111111111 is refused iam:AttachRolePolicy by an explicit deny (plugins/scaffolder-backend-module-eks-pod-identity/policies/writer-policy.json lists what it needs)',
    );
    expect(
      denied(
        'iam:UpdateAssumeRolePolicy',
        'arn:aws:iam::111111111111:role/legacy',
      ),
    ).toContain('irsa-migration-policy.json');
    expect(
      describeError(
        awsError(
          'AccessDenied',
          'User: arn:aws:sts::111111111111:assumed-role/backstage-backend/s is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::222222222222:role/backstage-reader',
        ),
      ),
    ).toBe(
      "backstage-backend in 111111111111 may not assume arn:aws:iam::222222222222:role/backstage-reader (check the role's trust policy, plugins/eks-pod-identity-node/policies/reader-trust-policy.json, and the caller's plugins/eks-pod-identity-node/policies/backend-policy.json)",
    );
  });

  it('removes tokens, signatures and secrets', () => {
    const text = redactSecrets(
      'token k8s-aws-v1.aHR0cHM6Ly9zdHM_abc-def, Authorization: Bearer abc.def ' +
        'url ?X-Amz-Security-Token=FQoGZX&X-Amz-Signature=deadbeef&X-Amz-Credential=AKIA/x ' +
        'secretAccessKey: "wJalrXUtnFEMI" sessionToken=IQoJb3',
    );
    expect(text).not.toMatch(
      /aHR0cHM6|abc\.def|FQoGZX|deadbeef|AKIA|wJalrXUtnFEMI|IQoJb3/,
    );
    expect(text).toContain('X-Amz-Security-Token=[redacted]');
    expect(text).toContain('Bearer [redacted]');
  });
});
