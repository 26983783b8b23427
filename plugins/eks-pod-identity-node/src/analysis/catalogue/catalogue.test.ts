import { ActionCatalogue, arnFormatPattern } from './ActionCatalogue';
import { globsOverlap, NAME_WILDCARD } from './globOverlap';

describe('globsOverlap', () => {
  it.each([
    ['arn:aws:s3:::orders/*', 'arn:*:s3:::*/*', true],
    ['a*c', '*b*', true],
    ['a?c', 'abd', false],
    ['*x', '*y', false],
    ['abc', 'abc', true],
    ['ab', 'abc', false],
    [`arn:aws:s3:::${NAME_WILDCARD}`, 'arn:aws:s3:::orders/*', false],
    [`arn:aws:s3:::${NAME_WILDCARD}`, 'arn:aws:s3:::orders*', true],
    [
      `arn:aws:iam::${NAME_WILDCARD}:role/*`,
      'arn:aws:iam::111111111111:role/team/app',
      true,
    ],
    [`table/${NAME_WILDCARD}`, 'table/?', true],
  ])('%s and %s: %s', (a, b, expected) => {
    expect(globsOverlap(a, b)).toBe(expected);
    expect(globsOverlap(b, a)).toBe(expected);
  });
});

describe('ActionCatalogue', () => {
  let catalogue: ActionCatalogue;

  beforeAll(async () => {
    catalogue = await ActionCatalogue.load();
  }, 60_000);

  it('holds the IAM actions of every service, with split access levels', () => {
    expect(catalogue.size).toBeGreaterThan(15_000);
    expect(catalogue.get('S3:getobject')).toMatchObject({
      name: 's3:GetObject',
      service: 's3',
      levels: ['Read'],
    });
    expect(catalogue.get('s3:PutObjectTagging')?.levels).toEqual([
      'Tagging',
      'Write',
    ]);
  });

  it('expands action patterns case-insensitively', () => {
    const getters = catalogue.expand('S3:Get*').map(a => a.name);
    expect(getters).toContain('s3:GetObject');
    expect(getters.every(a => a.startsWith('s3:Get'))).toBe(true);
    expect(catalogue.expand('*')).toHaveLength(catalogue.size);
    expect(catalogue.expand('s3:GetObjec?').map(a => a.name)).toEqual([
      's3:GetObject',
    ]);
    expect(catalogue.expand('nosuchservice:*')).toEqual([]);
  });

  it('knows which resource patterns can name a resource an action works on', () => {
    const createBucket = catalogue.get('s3:CreateBucket')!;
    const getObject = catalogue.get('s3:GetObject')!;
    const listBuckets = catalogue.get('s3:ListAllMyBuckets')!;
    expect(catalogue.appliesTo(getObject, 'arn:aws:s3:::orders/*')).toBe(true);
    expect(catalogue.appliesTo(createBucket, 'arn:aws:s3:::orders/*')).toBe(
      false,
    );
    expect(catalogue.appliesTo(createBucket, 'arn:aws:s3:::orders')).toBe(true);
    expect(catalogue.appliesTo(listBuckets, 'arn:aws:s3:::orders')).toBe(false);
    expect(catalogue.appliesTo(listBuckets, '*')).toBe(true);
    expect(
      catalogue.appliesTo(
        getObject,
        'arn:aws:s3:::cache/${aws:PrincipalTag/kubernetes-namespace}/*',
      ),
    ).toBe(true);
    // Secret names may hold '/'.
    expect(
      catalogue.appliesTo(
        catalogue.get('secretsmanager:GetSecretValue')!,
        'arn:aws:secretsmanager:us-east-1:111111111111:secret:payments/provider-*',
      ),
    ).toBe(true);
  });

  it('turns plain name placeholders into wildcards that stop at / and :, others into *', () => {
    expect(
      arnFormatPattern(
        'arn:${Partition}:secretsmanager:${Region}:${Account}:secret:${SecretId}',
      ),
    ).toBe(
      `arn:${NAME_WILDCARD}:secretsmanager:${NAME_WILDCARD}:${NAME_WILDCARD}:secret:*`,
    );
    expect(
      arnFormatPattern('arn:${Partition}:s3:::${BucketName}/${ObjectName}'),
    ).toBe(`arn:${NAME_WILDCARD}:s3:::${NAME_WILDCARD}/*`);
    expect(
      arnFormatPattern(
        'arn:${Partition}:iam::${Account}:role/${RoleNameWithPath}',
      ),
    ).toBe(`arn:${NAME_WILDCARD}:iam::${NAME_WILDCARD}:role/*`);
  });

  it('finds the actions a misspelt one may have meant', () => {
    expect(catalogue.closest('s3:GetObjekt', 3)[0]).toBe('s3:GetObject');
    expect(catalogue.closest('dynamodb:PutItems', 3)).toContain(
      'dynamodb:PutItem',
    );
    expect(catalogue.closest('s3:zzzzzzzzzzzz', 3)).toEqual([]);
  });

  it('suggests actions by prefix first, then by name, then by substring', () => {
    const names = catalogue.search('s3:getobj', 20).map(s => s.action);
    expect(names[0]).toBe('s3:GetObject');
    expect(names.every(n => n.toLowerCase().startsWith('s3:getobj'))).toBe(
      true,
    );

    const byName = catalogue.search('PutObject', 20);
    expect(byName).toHaveLength(20);
    expect(byName.map(s => s.action)).toContain('s3:PutObject');
    expect(byName[0]).toEqual({
      action: expect.stringMatching(/:PutObject$/),
      service: expect.any(String),
      accessLevels: expect.arrayContaining(['Write']),
      description: expect.any(String),
    });

    expect(catalogue.search('  ', 20)).toEqual([]);
    expect(catalogue.search('zzzz-no-such-thing', 20)).toEqual([]);
  });
});
