import { PolicyGrammarOptions, validatePolicyDocument } from './policyGrammar';

const identity: PolicyGrammarOptions = { kind: 'inline', field: 'policy' };
const good = {
  Version: '2012-10-17',
  Statement: [
    {
      Sid: 'Read',
      Effect: 'Allow',
      Action: ['s3:GetObject', 's3:List*'],
      Resource: ['arn:aws:s3:::bucket', 'arn:aws:s3:::bucket/*'],
      Condition: {
        StringEquals: { 'aws:PrincipalTag/team': 'a' },
        'ForAnyValue:StringLike': { 'aws:TagKeys': ['x*'] },
      },
    },
  ],
};

const messages = (input: unknown, options: PolicyGrammarOptions = identity) =>
  validatePolicyDocument(input, options).map(p => p.message);

describe('validatePolicyDocument', () => {
  it('accepts a well-formed identity policy, as object or JSON text', () => {
    expect(validatePolicyDocument(good, identity)).toEqual([]);
    expect(validatePolicyDocument(JSON.stringify(good), identity)).toEqual([]);
  });

  it('reports malformed JSON', () => {
    expect(messages('{"Version": ')[0]).toMatch(/^policy is not valid JSON/);
  });

  it.each([
    [
      { Statement: good.Statement },
      /policy\.Version is missing: add "Version": "2012-10-17"/,
    ],
    [{ ...good, Version: '2020-01-01' }, /is not a policy language version/],
    [{ ...good, Extra: 1 }, /unknown element "Extra"/],
    [{ Version: '2012-10-17', Statement: [] }, /Statement is missing or empty/],
    [
      {
        Version: '2012-10-17',
        Statement: [{ Effect: 'Permit', Action: '*', Resource: '*' }],
      },
      /Effect must be "Allow" or "Deny", not "Permit"/,
    ],
    [
      {
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Resource: '*' }],
      },
      /needs Action or NotAction/,
    ],
    [
      {
        Version: '2012-10-17',
        Statement: [
          { Effect: 'Allow', Action: '*', NotAction: 's3:*', Resource: '*' },
        ],
      },
      /has both Action and NotAction/,
    ],
    [
      { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*' }] },
      /needs Resource or NotResource/,
    ],
    [
      {
        Version: '2012-10-17',
        Statement: [
          { Effect: 'Allow', Action: '*', Resource: '*', NotResource: '*' },
        ],
      },
      /both Resource and NotResource/,
    ],
    [
      {
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Action: 's3 GetObject', Resource: '*' }],
      },
      /is not an action: use "service:ActionName"/,
    ],
    [
      {
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: 'bucket' }],
      },
      /"bucket" is not an ARN/,
    ],
    [
      {
        Version: '2012-10-17',
        Statement: [
          { Effect: 'Allow', Action: 's3:*', Resource: '*', Principal: '*' },
        ],
      },
      /Principal is only allowed in trust and resource policies/,
    ],
    [
      {
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Action: 's3:*',
            Resource: '*',
            Condition: { StringEqualz: { k: 'v' } },
          },
        ],
      },
      /unknown operator "StringEqualz"/,
    ],
    [
      {
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Action: 's3:*',
            Resource: '*',
            Condition: { StringEquals: { k: { nested: 1 } } },
          },
        ],
      },
      /must be a string, number, boolean/,
    ],
    [
      {
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Action: [], Resource: '*' }],
      },
      /empty list/,
    ],
    [
      {
        Version: '2012-10-17',
        Statement: [
          { Sid: 'has-dash', Effect: 'Allow', Action: '*', Resource: '*' },
        ],
      },
      /Sid may contain only letters and digits/,
    ],
    [
      {
        Version: '2012-10-17',
        Statement: [
          { Sid: 'A', Effect: 'Allow', Action: '*', Resource: '*' },
          { Sid: 'A', Effect: 'Deny', Action: '*', Resource: '*' },
        ],
      },
      /"A" is used twice/,
    ],
  ])('rejects %j', (doc, message) => {
    const found = messages(doc);
    expect(found.length).toBeGreaterThan(0);
    expect(found.join('\n')).toMatch(message);
  });

  it('requires a Principal and forbids Resource in trust policies', () => {
    const trust = {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { Service: 'pods.eks.amazonaws.com' },
          Action: ['sts:AssumeRole', 'sts:TagSession'],
        },
      ],
    };
    expect(
      validatePolicyDocument(trust, { kind: 'trust', field: 'trustPolicy' }),
    ).toEqual([]);
    const bad = {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }],
    };
    const found = messages(bad, { kind: 'trust', field: 'trustPolicy' }).join(
      '\n',
    );
    expect(found).toMatch(/needs Principal or NotPrincipal/);
    expect(found).toMatch(/Resource is not allowed in a trust policy/);
  });

  it('enforces the size limit per kind, whitespace not counted', () => {
    const statement = (i: number) => ({
      Sid: `S${i}`,
      Effect: 'Allow',
      Action: 's3:GetObject',
      Resource: `arn:aws:s3:::bucket-${i}/*`,
    });
    const doc = (n: number) => ({
      Version: '2012-10-17',
      Statement: Array.from({ length: n }, (_, i) => statement(i)),
    });
    // ~80 characters a statement: 30 statements fit a managed policy but not a session policy.
    expect(messages(doc(30), { kind: 'managed', field: 'p' })).toEqual([]);
    expect(
      messages(doc(30), { kind: 'session', field: 'sessionPolicy' })[0],
    ).toMatch(/a session policy may have at most 2048/);
    expect(
      messages(JSON.stringify(doc(20), null, 8), {
        kind: 'session',
        field: 's',
      }),
    ).toEqual([]);
  });
});
