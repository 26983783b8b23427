/*
 * Hand-written cases from AWS's IAM User Guide. Each names the documented rule
 * it checks ("Policy evaluation logic", "IAM JSON policy elements" reference,
 * "Condition operators", "Policy variables").
 */
import type {
  ContextValue,
  PolicyCondition,
  PolicyDecision,
  PolicyDocument,
  PolicyStatement,
} from '../api/types';
import { evaluateRequest } from './evaluateRequest';
import { podIdentitySessionContext } from './sessionContext';
import type { NamedPolicy } from './types';

const ACCOUNT = '111111111111';
const BUCKET_OBJECT = 'arn:aws:s3:::bucket/reports/2025/q1.csv';
const TABLE = `arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/orders`;

const doc = (...Statement: PolicyStatement[]): PolicyDocument => ({
  Version: '2012-10-17',
  Statement,
});
const allow = (
  Action: string | string[],
  Resource: string | string[],
  Condition?: PolicyCondition,
): PolicyStatement => ({
  Effect: 'Allow',
  Action,
  Resource,
  ...(Condition && { Condition }),
});
const deny = (
  Action: string | string[],
  Resource: string | string[],
  Condition?: PolicyCondition,
): PolicyStatement => ({
  Effect: 'Deny',
  Action,
  Resource,
  ...(Condition && { Condition }),
});
const inline = (document: PolicyDocument, name = 'app'): NamedPolicy => ({
  name,
  document,
});
const BOUNDARY_ARN = `arn:aws:iam::${ACCOUNT}:policy/boundary`;
const boundary = (document: PolicyDocument): NamedPolicy => ({
  arn: BOUNDARY_ARN,
  name: 'boundary',
  document,
});
const session = (document: PolicyDocument): NamedPolicy => ({
  name: 'session',
  document,
});

interface Case {
  rule: string;
  identity: PolicyDocument[];
  boundary?: PolicyDocument;
  session?: PolicyDocument;
  action: string;
  resource: string;
  context?: Record<string, ContextValue>;
  expected: PolicyDecision;
  missing?: string[];
}

const ALL = allow('*', '*');

const cases: Case[] = [
  // --- Policy evaluation logic -------------------------------------------------
  {
    rule: 'By default, all requests are implicitly denied',
    identity: [doc(allow('s3:GetObject', 'arn:aws:s3:::other/*'))],
    action: 's3:GetObject',
    resource: BUCKET_OBJECT,
    expected: 'implicitDeny',
  },
  {
    rule: 'An explicit allow in an identity-based policy overrides the default deny',
    identity: [doc(allow('s3:GetObject', 'arn:aws:s3:::bucket/*'))],
    action: 's3:GetObject',
    resource: BUCKET_OBJECT,
    expected: 'allowed',
  },
  {
    rule: 'An explicit deny in any policy overrides any allows (same policy)',
    identity: [
      doc(allow('s3:*', '*'), deny('s3:GetObject', 'arn:aws:s3:::bucket/*')),
    ],
    action: 's3:GetObject',
    resource: BUCKET_OBJECT,
    expected: 'explicitDeny',
  },
  {
    rule: 'An explicit deny in any policy overrides any allows (another identity policy)',
    identity: [doc(allow('s3:*', '*')), doc(deny('s3:*', '*'))],
    action: 's3:GetObject',
    resource: BUCKET_OBJECT,
    expected: 'explicitDeny',
  },
  {
    rule: 'Explicit deny in a permissions boundary denies even if the identity policy allows',
    identity: [doc(ALL)],
    boundary: doc(ALL, deny('s3:GetObject', '*')),
    action: 's3:GetObject',
    resource: BUCKET_OBJECT,
    expected: 'explicitDeny',
  },
  {
    rule: 'Explicit deny in a session policy denies the request',
    identity: [doc(ALL)],
    session: doc(ALL, deny('s3:*', 'arn:aws:s3:::bucket/*')),
    action: 's3:GetObject',
    resource: BUCKET_OBJECT,
    expected: 'explicitDeny',
  },
  {
    rule: 'Permissions boundary: effective permissions are the intersection (identity allows, boundary does not)',
    identity: [doc(allow('s3:*', '*'))],
    boundary: doc(allow('dynamodb:*', '*')),
    action: 's3:GetObject',
    resource: BUCKET_OBJECT,
    expected: 'implicitDeny',
  },
  {
    rule: 'Permissions boundary does not grant permissions on its own',
    identity: [doc(allow('dynamodb:GetItem', TABLE))],
    boundary: doc(ALL),
    action: 's3:GetObject',
    resource: BUCKET_OBJECT,
    expected: 'implicitDeny',
  },
  {
    rule: 'Session policy: effective permissions are the intersection (identity allows, session does not)',
    identity: [doc(allow('s3:*', '*'))],
    session: doc(allow('s3:ListBucket', 'arn:aws:s3:::bucket')),
    action: 's3:GetObject',
    resource: BUCKET_OBJECT,
    expected: 'implicitDeny',
  },
  {
    rule: 'Session policy cannot grant more than the identity policies',
    identity: [doc(allow('dynamodb:*', '*'))],
    session: doc(ALL),
    action: 's3:GetObject',
    resource: BUCKET_OBJECT,
    expected: 'implicitDeny',
  },
  {
    rule: 'Identity ∩ boundary ∩ session all allow → allowed',
    identity: [doc(allow('s3:GetObject', 'arn:aws:s3:::bucket/*'))],
    boundary: doc(allow('s3:*', '*')),
    session: doc(allow('s3:Get*', 'arn:aws:s3:::bucket/reports/*')),
    action: 's3:GetObject',
    resource: BUCKET_OBJECT,
    expected: 'allowed',
  },

  // --- Action / NotAction --------------------------------------------------------
  {
    rule: 'NotAction with Allow allows every action not listed, in every service',
    identity: [doc({ Effect: 'Allow', NotAction: 'iam:*', Resource: '*' })],
    action: 'dynamodb:GetItem',
    resource: TABLE,
    expected: 'allowed',
  },
  {
    rule: 'NotAction with Allow does not allow the listed actions',
    identity: [
      doc({ Effect: 'Allow', NotAction: ['iam:*', 's3:*'], Resource: '*' }),
    ],
    action: 's3:GetObject',
    resource: BUCKET_OBJECT,
    expected: 'implicitDeny',
  },
  {
    rule: 'NotAction with Deny denies every action not listed',
    identity: [
      doc(ALL, { Effect: 'Deny', NotAction: 's3:GetObject', Resource: '*' }),
    ],
    action: 's3:PutObject',
    resource: BUCKET_OBJECT,
    expected: 'explicitDeny',
  },
  {
    rule: 'Action names are case-insensitive',
    identity: [doc(allow('S3:GETOBJECT', '*'))],
    action: 's3:GetObject',
    resource: BUCKET_OBJECT,
    expected: 'allowed',
  },
  {
    rule: 'Action wildcards: ? matches exactly one character',
    identity: [doc(allow('s3:?etObject', '*'))],
    action: 's3:GetObject',
    resource: BUCKET_OBJECT,
    expected: 'allowed',
  },
  {
    rule: 'Action wildcards: * within the action name',
    identity: [doc(allow('dynamodb:*Item', '*'))],
    action: 'dynamodb:Query',
    resource: TABLE,
    expected: 'implicitDeny',
  },

  // --- Resource / NotResource ------------------------------------------------------
  {
    rule: 'Resource ARNs are case-sensitive',
    identity: [doc(allow('s3:GetObject', 'arn:aws:s3:::bucket/Reports/*'))],
    action: 's3:GetObject',
    resource: BUCKET_OBJECT,
    expected: 'implicitDeny',
  },
  {
    rule: 'A wildcard in the resource part spans "/" (path segments)',
    identity: [doc(allow('s3:GetObject', 'arn:aws:s3:::bucket/*'))],
    action: 's3:GetObject',
    resource: BUCKET_OBJECT,
    expected: 'allowed',
  },
  {
    rule: 'A wildcard may stand for a whole ARN segment (region)',
    identity: [
      doc(
        allow('dynamodb:GetItem', `arn:aws:dynamodb:*:${ACCOUNT}:table/orders`),
      ),
    ],
    action: 'dynamodb:GetItem',
    resource: TABLE,
    expected: 'allowed',
  },
  {
    rule: 'A wildcard in an ARN segment does not span the ":" separators',
    identity: [
      doc(allow('dynamodb:GetItem', 'arn:aws:dynamodb:*:table/orders')),
    ],
    action: 'dynamodb:GetItem',
    resource: TABLE,
    expected: 'implicitDeny',
  },
  {
    rule: 'A wildcard in the account segment',
    identity: [doc(allow('sqs:SendMessage', 'arn:aws:sqs:us-east-1:*:jobs'))],
    action: 'sqs:SendMessage',
    resource: `arn:aws:sqs:us-east-1:${ACCOUNT}:jobs`,
    expected: 'allowed',
  },
  {
    rule: 'NotResource with Allow allows every resource not listed',
    identity: [
      doc({
        Effect: 'Allow',
        Action: 's3:*',
        NotResource: 'arn:aws:s3:::secret-bucket/*',
      }),
    ],
    action: 's3:GetObject',
    resource: BUCKET_OBJECT,
    expected: 'allowed',
  },
  {
    rule: 'NotResource with Deny denies everything except the listed resources',
    identity: [
      doc(ALL, {
        Effect: 'Deny',
        Action: 's3:*',
        NotResource: ['arn:aws:s3:::bucket', 'arn:aws:s3:::bucket/*'],
      }),
    ],
    action: 's3:GetObject',
    resource: 'arn:aws:s3:::elsewhere/file',
    expected: 'explicitDeny',
  },
  {
    rule: 'NotResource with Deny leaves the listed resources alone',
    identity: [
      doc(ALL, {
        Effect: 'Deny',
        Action: 's3:*',
        NotResource: ['arn:aws:s3:::bucket', 'arn:aws:s3:::bucket/*'],
      }),
    ],
    action: 's3:GetObject',
    resource: BUCKET_OBJECT,
    expected: 'allowed',
  },

  // --- Condition: combination rules --------------------------------------------------
  {
    rule: 'Condition: multiple keys are ANDed (one fails)',
    identity: [
      doc(
        allow('s3:GetObject', '*', {
          StringEquals: {
            'aws:PrincipalTag/team': 'payments',
            'aws:RequestedRegion': 'us-east-1',
          },
        }),
      ),
    ],
    action: 's3:GetObject',
    resource: BUCKET_OBJECT,
    context: {
      'aws:PrincipalTag/team': 'payments',
      'aws:RequestedRegion': 'eu-west-1',
    },
    expected: 'implicitDeny',
  },
  {
    rule: 'Condition: multiple operators are ANDed',
    identity: [
      doc(
        allow('s3:GetObject', '*', {
          StringEquals: { 'aws:PrincipalTag/team': 'payments' },
          Bool: { 'aws:SecureTransport': 'true' },
        }),
      ),
    ],
    action: 's3:GetObject',
    resource: BUCKET_OBJECT,
    context: {
      'aws:PrincipalTag/team': 'payments',
      'aws:SecureTransport': 'true',
    },
    expected: 'allowed',
  },
  {
    rule: 'Condition: multiple values for one key are ORed',
    identity: [
      doc(
        allow('s3:GetObject', '*', {
          StringEquals: { 'aws:RequestedRegion': ['eu-west-1', 'us-east-1'] },
        }),
      ),
    ],
    action: 's3:GetObject',
    resource: BUCKET_OBJECT,
    context: { 'aws:RequestedRegion': 'us-east-1' },
    expected: 'allowed',
  },
  {
    rule: 'Condition: a negated operator with several values holds only if none match',
    identity: [
      doc(
        ALL,
        deny('s3:*', '*', {
          StringNotEquals: {
            'aws:RequestedRegion': ['eu-west-1', 'us-east-1'],
          },
        }),
      ),
    ],
    action: 's3:GetObject',
    resource: BUCKET_OBJECT,
    context: { 'aws:RequestedRegion': 'us-east-1' },
    expected: 'allowed',
  },
  {
    rule: 'Context key names are case-insensitive',
    identity: [
      doc(
        allow('s3:GetObject', '*', {
          StringEquals: { 'AWS:PRINCIPALTAG/Team': 'payments' },
        }),
      ),
    ],
    action: 's3:GetObject',
    resource: BUCKET_OBJECT,
    context: { 'aws:PrincipalTag/team': 'payments' },
    expected: 'allowed',
  },
  {
    rule: 'StringEquals is case-sensitive on values; StringEqualsIgnoreCase is not',
    identity: [
      doc(
        allow('s3:GetObject', '*', {
          StringEquals: { 'aws:PrincipalTag/team': 'payments' },
        }),
        allow('s3:PutObject', '*', {
          StringEqualsIgnoreCase: { 'aws:PrincipalTag/team': 'payments' },
        }),
      ),
    ],
    action: 's3:PutObject',
    resource: BUCKET_OBJECT,
    context: { 'aws:PrincipalTag/team': 'Payments' },
    expected: 'allowed',
  },
  {
    rule: 'A key absent from the request makes a positive condition false, and is reported',
    identity: [
      doc(
        allow('s3:GetObject', '*', {
          StringEquals: { 'aws:PrincipalTag/team': 'payments' },
        }),
      ),
    ],
    action: 's3:GetObject',
    resource: BUCKET_OBJECT,
    expected: 'implicitDeny',
    missing: ['aws:PrincipalTag/team'],
  },
  {
    rule: 'A key absent from the request makes a negated condition (StringNotEquals) true',
    identity: [
      doc(
        ALL,
        deny('s3:*', '*', {
          StringNotEquals: { 'aws:PrincipalTag/team': 'payments' },
        }),
      ),
    ],
    action: 's3:GetObject',
    resource: BUCKET_OBJECT,
    expected: 'explicitDeny',
    missing: ['aws:PrincipalTag/team'],
  },
  {
    rule: '…IfExists: true when the key is absent',
    identity: [
      doc(
        allow('s3:GetObject', '*', {
          StringEqualsIfExists: { 'aws:PrincipalTag/team': 'payments' },
        }),
      ),
    ],
    action: 's3:GetObject',
    resource: BUCKET_OBJECT,
    expected: 'allowed',
    missing: ['aws:PrincipalTag/team'],
  },
  {
    rule: '…IfExists: compared as usual when the key is present',
    identity: [
      doc(
        allow('s3:GetObject', '*', {
          StringEqualsIfExists: { 'aws:PrincipalTag/team': 'payments' },
        }),
      ),
    ],
    action: 's3:GetObject',
    resource: BUCKET_OBJECT,
    context: { 'aws:PrincipalTag/team': 'search' },
    expected: 'implicitDeny',
  },
  {
    rule: 'Null "true": the key is absent',
    identity: [
      doc(
        ALL,
        deny('s3:*', '*', { Null: { 'aws:PrincipalTag/team': 'true' } }),
      ),
    ],
    action: 's3:GetObject',
    resource: BUCKET_OBJECT,
    expected: 'explicitDeny',
  },
  {
    rule: 'Null "true" does not hold when the key is present',
    identity: [
      doc(
        ALL,
        deny('s3:*', '*', { Null: { 'aws:PrincipalTag/team': 'true' } }),
      ),
    ],
    action: 's3:GetObject',
    resource: BUCKET_OBJECT,
    context: { 'aws:PrincipalTag/team': 'payments' },
    expected: 'allowed',
  },
  {
    rule: 'Null "false": the key is present',
    identity: [doc(allow('s3:*', '*', { Null: { 'aws:SourceIp': 'false' } }))],
    action: 's3:GetObject',
    resource: BUCKET_OBJECT,
    context: { 'aws:SourceIp': '10.0.0.1' },
    expected: 'allowed',
  },

  // --- Set operators ----------------------------------------------------------------
  {
    rule: 'ForAllValues: true when the key is absent (no values to fail)',
    identity: [
      doc(
        allow('s3:*', '*', {
          'ForAllValues:StringEquals': { 'aws:TagKeys': ['env', 'team'] },
        }),
      ),
    ],
    action: 's3:PutObject',
    resource: BUCKET_OBJECT,
    expected: 'allowed',
  },
  {
    rule: 'ForAllValues: true on an empty set',
    identity: [
      doc(
        allow('s3:*', '*', {
          'ForAllValues:StringEquals': { 'aws:TagKeys': ['env', 'team'] },
        }),
      ),
    ],
    action: 's3:PutObject',
    resource: BUCKET_OBJECT,
    context: { 'aws:TagKeys': [] },
    expected: 'allowed',
  },
  {
    rule: 'ForAllValues: false when one request value is outside the policy values',
    identity: [
      doc(
        allow('s3:*', '*', {
          'ForAllValues:StringEquals': { 'aws:TagKeys': ['env', 'team'] },
        }),
      ),
    ],
    action: 's3:PutObject',
    resource: BUCKET_OBJECT,
    context: { 'aws:TagKeys': ['env', 'cost-center'] },
    expected: 'implicitDeny',
  },
  {
    rule: 'ForAnyValue: false when the key is absent',
    identity: [
      doc(
        allow('s3:*', '*', {
          'ForAnyValue:StringEquals': { 'aws:TagKeys': 'env' },
        }),
      ),
    ],
    action: 's3:PutObject',
    resource: BUCKET_OBJECT,
    expected: 'implicitDeny',
    missing: ['aws:TagKeys'],
  },
  {
    rule: 'ForAnyValue: true when at least one request value matches',
    identity: [
      doc(
        allow('s3:*', '*', {
          'ForAnyValue:StringLike': { 'aws:TagKeys': 'e*' },
        }),
      ),
    ],
    action: 's3:PutObject',
    resource: BUCKET_OBJECT,
    context: { 'aws:TagKeys': ['cost', 'env'] },
    expected: 'allowed',
  },
  {
    rule: 'A multivalued key needs a set operator: a single-valued operator does not match it',
    identity: [
      doc(allow('s3:*', '*', { StringEquals: { 'aws:TagKeys': 'env' } })),
    ],
    action: 's3:PutObject',
    resource: BUCKET_OBJECT,
    context: { 'aws:TagKeys': ['env'] },
    expected: 'implicitDeny',
  },

  // --- Operator families -------------------------------------------------------------
  {
    rule: 'StringLike: * and ? wildcards in the value',
    identity: [
      doc(
        allow('s3:*', '*', {
          StringLike: { 'aws:PrincipalTag/team': 'pay?ent*' },
        }),
      ),
    ],
    action: 's3:GetObject',
    resource: BUCKET_OBJECT,
    context: { 'aws:PrincipalTag/team': 'payments-eu' },
    expected: 'allowed',
  },
  {
    rule: 'NumericLessThan',
    identity: [
      doc(
        allow('s3:*', '*', {
          NumericLessThan: { 'aws:MultiFactorAuthAge': '3600' },
        }),
      ),
    ],
    action: 's3:GetObject',
    resource: BUCKET_OBJECT,
    context: { 'aws:MultiFactorAuthAge': '4000' },
    expected: 'implicitDeny',
  },
  {
    rule: 'DateLessThan with ISO 8601 values',
    identity: [
      doc(
        allow('s3:*', '*', {
          DateLessThan: { 'aws:CurrentTime': '2026-01-01T00:00:00Z' },
        }),
      ),
    ],
    action: 's3:GetObject',
    resource: BUCKET_OBJECT,
    context: { 'aws:CurrentTime': '2025-06-30T12:00:00Z' },
    expected: 'allowed',
  },
  {
    rule: 'DateGreaterThan with a UNIX epoch value (seconds)',
    identity: [
      doc(
        allow('s3:*', '*', {
          DateGreaterThan: { 'aws:EpochTime': '1735689600' },
        }),
      ),
    ],
    action: 's3:GetObject',
    resource: BUCKET_OBJECT,
    context: { 'aws:EpochTime': '2025-06-30T12:00:00Z' },
    expected: 'allowed',
  },
  {
    rule: 'Bool',
    identity: [
      doc(ALL, deny('*', '*', { Bool: { 'aws:SecureTransport': 'false' } })),
    ],
    action: 's3:GetObject',
    resource: BUCKET_OBJECT,
    context: { 'aws:SecureTransport': 'false' },
    expected: 'explicitDeny',
  },
  {
    rule: 'IpAddress with an IPv4 CIDR',
    identity: [
      doc(allow('s3:*', '*', { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } })),
    ],
    action: 's3:GetObject',
    resource: BUCKET_OBJECT,
    context: { 'aws:SourceIp': '10.20.30.40' },
    expected: 'allowed',
  },
  {
    rule: 'IpAddress with an IPv6 CIDR',
    identity: [
      doc(
        allow('s3:*', '*', { IpAddress: { 'aws:SourceIp': '2001:db8::/32' } }),
      ),
    ],
    action: 's3:GetObject',
    resource: BUCKET_OBJECT,
    context: { 'aws:SourceIp': '2001:db8:1234::5' },
    expected: 'allowed',
  },
  {
    rule: 'NotIpAddress: an address of the other IP version is not in the range',
    identity: [
      doc(
        ALL,
        deny('*', '*', {
          NotIpAddress: { 'aws:SourceIp': ['10.0.0.0/8', '10.1.2.3'] },
        }),
      ),
    ],
    action: 's3:GetObject',
    resource: BUCKET_OBJECT,
    context: { 'aws:SourceIp': '2001:db8::1' },
    expected: 'explicitDeny',
  },
  {
    rule: 'ArnLike: wildcards per ARN segment',
    identity: [
      doc(
        allow('s3:*', '*', {
          ArnLike: { 'aws:PrincipalArn': `arn:aws:iam::*:role/app-*` },
        }),
      ),
    ],
    action: 's3:GetObject',
    resource: BUCKET_OBJECT,
    context: { 'aws:PrincipalArn': `arn:aws:iam::${ACCOUNT}:role/app-reader` },
    expected: 'allowed',
  },
  {
    rule: 'ArnEquals compares case-sensitively',
    identity: [
      doc(
        allow('s3:*', '*', {
          ArnEquals: { 'aws:PrincipalArn': `arn:aws:iam::${ACCOUNT}:role/App` },
        }),
      ),
    ],
    action: 's3:GetObject',
    resource: BUCKET_OBJECT,
    context: { 'aws:PrincipalArn': `arn:aws:iam::${ACCOUNT}:role/app` },
    expected: 'implicitDeny',
  },
  {
    rule: 'BinaryEquals compares base64 values',
    identity: [
      doc(
        allow('s3:*', '*', {
          BinaryEquals: { 'custom:key': 'QmluYXJ5VmFsdWU=' },
        }),
      ),
    ],
    action: 's3:GetObject',
    resource: BUCKET_OBJECT,
    context: { 'custom:key': 'QmluYXJ5VmFsdWU=' },
    expected: 'allowed',
  },
  {
    rule: 'An unknown condition operator never matches',
    identity: [
      doc(
        allow('s3:*', '*', { StringSortOf: { 'aws:PrincipalTag/team': 'x' } }),
      ),
    ],
    action: 's3:GetObject',
    resource: BUCKET_OBJECT,
    context: { 'aws:PrincipalTag/team': 'x' },
    expected: 'implicitDeny',
  },

  // --- Policy variables --------------------------------------------------------------
  {
    rule: 'Policy variable in Resource is replaced by the request value',
    identity: [
      doc(
        allow('s3:GetObject', 'arn:aws:s3:::bucket/${aws:PrincipalTag/team}/*'),
      ),
    ],
    action: 's3:GetObject',
    resource: 'arn:aws:s3:::bucket/payments/report.csv',
    context: { 'aws:PrincipalTag/team': 'payments' },
    expected: 'allowed',
  },
  {
    rule: 'Policy variable with no value in the request: the resource does not match',
    identity: [
      doc(
        allow('s3:GetObject', 'arn:aws:s3:::bucket/${aws:PrincipalTag/team}/*'),
      ),
    ],
    action: 's3:GetObject',
    resource: 'arn:aws:s3:::bucket/payments/report.csv',
    expected: 'implicitDeny',
    missing: ['aws:PrincipalTag/team'],
  },
  {
    rule: "Policy variable default value: ${key, 'default'}",
    identity: [
      doc(
        allow(
          's3:GetObject',
          "arn:aws:s3:::bucket/${aws:PrincipalTag/team, 'shared'}/*",
        ),
      ),
    ],
    action: 's3:GetObject',
    resource: 'arn:aws:s3:::bucket/shared/readme.txt',
    expected: 'allowed',
  },
  {
    rule: 'Special characters ${*} ${?} ${$} are literal, not wildcards',
    identity: [doc(allow('s3:GetObject', 'arn:aws:s3:::bucket/${*}${?}${$}'))],
    action: 's3:GetObject',
    resource: 'arn:aws:s3:::bucket/x?$',
    expected: 'implicitDeny',
  },
  {
    rule: 'Special characters: ${*} matches a literal asterisk',
    identity: [doc(allow('s3:GetObject', 'arn:aws:s3:::bucket/${*}'))],
    action: 's3:GetObject',
    resource: 'arn:aws:s3:::bucket/*',
    expected: 'allowed',
  },
  {
    rule: 'A substituted value is literal: a "*" in a tag value is not a wildcard',
    identity: [
      doc(
        allow('s3:GetObject', 'arn:aws:s3:::bucket/${aws:PrincipalTag/team}/*'),
      ),
    ],
    action: 's3:GetObject',
    resource: 'arn:aws:s3:::bucket/payments/report.csv',
    context: { 'aws:PrincipalTag/team': '*' },
    expected: 'implicitDeny',
  },
  {
    rule: 'Policy variable in a condition value',
    identity: [
      doc(
        allow('s3:*', '*', {
          StringEquals: {
            'aws:PrincipalTag/team': '${aws:PrincipalTag/owner}',
          },
        }),
      ),
    ],
    action: 's3:GetObject',
    resource: BUCKET_OBJECT,
    context: {
      'aws:PrincipalTag/team': 'payments',
      'aws:PrincipalTag/owner': 'payments',
    },
    expected: 'allowed',
  },
  {
    rule: 'A multivalued key cannot be used as a policy variable',
    identity: [
      doc(allow('s3:GetObject', 'arn:aws:s3:::bucket/${aws:TagKeys}/*')),
    ],
    action: 's3:GetObject',
    resource: 'arn:aws:s3:::bucket/env/x',
    context: { 'aws:TagKeys': ['env'] },
    expected: 'implicitDeny',
  },
  {
    rule: 'An unresolvable variable in a Deny NotResource leaves the statement unmatched',
    identity: [
      doc(ALL, {
        Effect: 'Deny',
        Action: 's3:*',
        NotResource: 'arn:aws:s3:::bucket/${aws:PrincipalTag/team}/*',
      }),
    ],
    action: 's3:GetObject',
    resource: BUCKET_OBJECT,
    expected: 'allowed',
    missing: ['aws:PrincipalTag/team'],
  },
  {
    rule: 'Version 2008-10-17 has no policy variables: ${...} is literal text',
    identity: [
      {
        Version: '2008-10-17',
        Statement: [
          allow(
            's3:GetObject',
            'arn:aws:s3:::bucket/${aws:PrincipalTag/team}/*',
          ),
        ],
      },
    ],
    action: 's3:GetObject',
    resource: 'arn:aws:s3:::bucket/payments/report.csv',
    context: { 'aws:PrincipalTag/team': 'payments' },
    expected: 'implicitDeny',
  },
];

describe('evaluateRequest: AWS documented rules', () => {
  it.each(cases.map(c => [c.rule, c] as const))('%s', (_rule, c) => {
    const result = evaluateRequest({
      identityPolicies: c.identity.map((d, i) => inline(d, `policy-${i}`)),
      boundary: c.boundary && boundary(c.boundary),
      sessionPolicy: c.session && session(c.session),
      request: { action: c.action, resource: c.resource, context: c.context },
    });
    // missingContextKeys is checked where the case states it.
    expect({
      decision: result.decision,
      ...(c.missing && { missing: result.missingContextKeys }),
    }).toEqual({
      decision: c.expected,
      ...(c.missing && { missing: c.missing }),
    });
  });
});

describe('evaluateRequest: explanation and statements', () => {
  const request = { action: 's3:PutObject', resource: BUCKET_OBJECT };

  it('names the boundary that does not allow the action', () => {
    const result = evaluateRequest({
      identityPolicies: [inline(doc({ Sid: 'Write', ...allow('s3:*', '*') }))],
      boundary: boundary(doc(allow('s3:Get*', '*'))),
      request,
    });
    expect(result.decision).toBe('implicitDeny');
    expect(result.explanation).toBe(
      `Denied: the permissions boundary ${BOUNDARY_ARN} does not allow s3:PutObject on ${BUCKET_OBJECT}, so the role's own allow has no effect.`,
    );
    expect(result.matchedStatements).toEqual([
      {
        policy: { kind: 'identity', name: 'app' },
        sid: 'Write',
        index: 0,
        effect: 'Allow',
      },
    ]);
  });

  it('names the session policy that does not allow the action', () => {
    const result = evaluateRequest({
      identityPolicies: [inline(doc(allow('s3:*', '*')))],
      sessionPolicy: session(doc(allow('s3:Get*', '*'))),
      request,
    });
    expect(result.explanation).toMatch(
      /^Denied: the association's session policy does not allow s3:PutObject/,
    );
  });

  it('names the deny statement, by Sid or position', () => {
    const result = evaluateRequest({
      identityPolicies: [
        {
          arn: 'arn:aws:iam::aws:policy/AmazonS3FullAccess',
          name: 'AmazonS3FullAccess',
          document: doc(allow('s3:*', '*')),
        },
      ],
      boundary: boundary(doc(ALL, deny('s3:Put*', '*'))),
      request,
    });
    expect(result.decision).toBe('explicitDeny');
    expect(result.matchedStatements).toEqual([
      {
        policy: { kind: 'boundary', arn: BOUNDARY_ARN, name: 'boundary' },
        index: 1,
        effect: 'Deny',
      },
    ]);
    expect(result.explanation).toContain(
      `statement #2 of the permissions boundary ${BOUNDARY_ARN} explicitly denies s3:PutObject`,
    );
  });

  it('lists the allow statements of every layer when allowed, and mentions missing keys', () => {
    const result = evaluateRequest({
      identityPolicies: [
        {
          arn: 'arn:aws:iam::aws:policy/AmazonS3FullAccess',
          document: doc(allow('s3:*', '*')),
        },
        inline(
          doc(
            deny('s3:*', '*', {
              StringEquals: { 'aws:PrincipalTag/kubernetes-pod-name': 'bad' },
            }),
          ),
        ),
      ],
      boundary: boundary(doc(ALL)),
      request,
    });
    expect(result.decision).toBe('allowed');
    expect(result.matchedStatements.map(s => s.policy.kind)).toEqual([
      'identity',
      'boundary',
    ]);
    expect(result.explanation).toContain(
      'managed policy arn:aws:iam::aws:policy/AmazonS3FullAccess allows it',
    );
    expect(result.explanation).toContain(
      'aws:PrincipalTag/kubernetes-pod-name',
    );
    expect(result.missingContextKeys).toEqual([
      'aws:PrincipalTag/kubernetes-pod-name',
    ]);
  });

  it('says when no identity policy allows the action', () => {
    const result = evaluateRequest({ identityPolicies: [], request });
    expect(result.explanation).toBe(
      `Denied: no identity policy of the role allows s3:PutObject on ${BUCKET_OBJECT}.`,
    );
  });
});

describe('Pod Identity session tags (ABAC)', () => {
  const abac = doc(
    allow(
      'secretsmanager:GetSecretValue',
      `arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:\${aws:PrincipalTag/kubernetes-namespace}/*`,
      {
        StringEquals: { 'aws:PrincipalTag/eks-cluster-name': 'prod-use1' },
      },
    ),
  );
  const resource = `arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:payments/db-AbCdEf`;
  const sessionTags = {
    clusterArn: `arn:aws:eks:us-east-1:${ACCOUNT}:cluster/prod-use1`,
    clusterName: 'prod-use1',
    namespace: 'payments',
    serviceAccount: 'api',
  };

  it('resolves aws:PrincipalTag variables from the association', () => {
    const result = evaluateRequest({
      identityPolicies: [inline(abac)],
      request: {
        action: 'secretsmanager:GetSecretValue',
        resource,
        context: podIdentitySessionContext(sessionTags),
      },
    });
    expect(result.decision).toBe('allowed');
  });

  it('has no tags when session tags are disabled', () => {
    const result = evaluateRequest({
      identityPolicies: [inline(abac)],
      request: {
        action: 'secretsmanager:GetSecretValue',
        resource,
        context: podIdentitySessionContext({
          ...sessionTags,
          disableSessionTags: true,
        }),
      },
    });
    expect(result.decision).toBe('implicitDeny');
    expect(result.missingContextKeys).toContain(
      'aws:PrincipalTag/kubernetes-namespace',
    );
  });
});
