import type { PolicyDocument, PolicyStatement } from '../api/types';
import { actionAccess, isAdmin, statementsAllowing } from './access';

const doc = (...Statement: PolicyStatement[]): PolicyDocument => ({
  Version: '2012-10-17',
  Statement,
});
const p = (document: PolicyDocument) => ({ name: 'p', document });
const ADMIN: PolicyStatement = { Effect: 'Allow', Action: '*', Resource: '*' };

describe('isAdmin', () => {
  it('is true when * on * is allowed and nothing narrows it', () => {
    expect(isAdmin({ identityPolicies: [p(doc(ADMIN))] })).toBe(true);
    expect(
      isAdmin({ identityPolicies: [p(doc({ ...ADMIN, Action: '*:*' }))] }),
    ).toBe(true);
  });

  it('is false when the boundary or session policy does not also allow * on *', () => {
    const s3Only = p(doc({ Effect: 'Allow', Action: 's3:*', Resource: '*' }));
    expect(
      isAdmin({ identityPolicies: [p(doc(ADMIN))], boundary: s3Only }),
    ).toBe(false);
    expect(
      isAdmin({ identityPolicies: [p(doc(ADMIN))], sessionPolicy: s3Only }),
    ).toBe(false);
    expect(
      isAdmin({ identityPolicies: [p(doc(ADMIN))], boundary: p(doc(ADMIN)) }),
    ).toBe(true);
  });

  it('is false for a conditional allow or an unconditional deny of everything', () => {
    expect(
      isAdmin({
        identityPolicies: [
          p(
            doc({
              ...ADMIN,
              Condition: { Bool: { 'aws:SecureTransport': 'true' } },
            }),
          ),
        ],
      }),
    ).toBe(false);
    expect(
      isAdmin({
        identityPolicies: [p(doc(ADMIN, { ...ADMIN, Effect: 'Deny' }))],
      }),
    ).toBe(false);
  });
});

describe('actionAccess', () => {
  const identity = p(
    doc(
      {
        Effect: 'Allow',
        Action: 's3:Get*',
        Resource: ['arn:aws:s3:::data/*', 'arn:aws:s3:::logs/*'],
      },
      {
        Effect: 'Allow',
        Action: 'sqs:*',
        Resource: '*',
        Condition: { Bool: { 'aws:SecureTransport': 'true' } },
      },
    ),
  );

  it('lists the resource patterns of the identity allows', () => {
    expect(
      actionAccess({ identityPolicies: [identity] }, 's3:GetObject'),
    ).toEqual({
      allowed: true,
      resources: ['arn:aws:s3:::data/*', 'arn:aws:s3:::logs/*'],
      conditional: false,
    });
    expect(
      actionAccess({ identityPolicies: [identity] }, 's3:PutObject').allowed,
    ).toBe(false);
  });

  it('intersects with the boundary, keeping the narrower pattern', () => {
    const boundary = p(
      doc({
        Effect: 'Allow',
        Action: 's3:*',
        Resource: 'arn:aws:s3:::data/public/*',
      }),
    );
    expect(
      actionAccess({ identityPolicies: [identity], boundary }, 's3:GetObject')
        .resources,
    ).toEqual(['arn:aws:s3:::data/public/*']);
  });

  it('is not allowed when the session policy allows none of the resources', () => {
    const sessionPolicy = p(
      doc({
        Effect: 'Allow',
        Action: 's3:*',
        Resource: 'arn:aws:s3:::other/*',
      }),
    );
    expect(
      actionAccess(
        { identityPolicies: [identity], sessionPolicy },
        's3:GetObject',
      ).allowed,
    ).toBe(false);
  });

  it('drops resources an unconditional deny covers, and flags conditional allows', () => {
    const withDeny = p(
      doc({ Effect: 'Deny', Action: 's3:*', Resource: 'arn:aws:s3:::logs/*' }),
    );
    expect(
      actionAccess({ identityPolicies: [identity, withDeny] }, 's3:GetObject')
        .resources,
    ).toEqual(['arn:aws:s3:::data/*']);
    expect(
      actionAccess({ identityPolicies: [identity] }, 'sqs:SendMessage'),
    ).toEqual({
      allowed: true,
      resources: ['*'],
      conditional: true,
    });
  });

  it('statementsAllowing finds allows by Action and NotAction', () => {
    const policy = p(
      doc(
        { Effect: 'Allow', NotAction: 'iam:*', Resource: '*' },
        { Effect: 'Deny', Action: '*', Resource: '*' },
      ),
    );
    expect(statementsAllowing(policy, 'ec2:RunInstances')).toHaveLength(1);
    expect(statementsAllowing(policy, 'iam:PassRole')).toHaveLength(0);
  });
});
