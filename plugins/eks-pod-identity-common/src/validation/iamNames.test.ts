import {
  validateAccountId,
  validateRegion,
  validateRoleName,
  validateRolePath,
  validateTags,
} from './iamNames';

describe('IAM names', () => {
  it('role names: 1–64 of [\\w+=,.@-]', () => {
    expect(validateRoleName('bs-payments_api+=,.@-1')).toEqual([]);
    expect(validateRoleName('')[0].message).toMatch(/is empty/);
    expect(validateRoleName('x'.repeat(65))[0].message).toMatch(/at most 64/);
    expect(validateRoleName('has space')[0].message).toMatch(
      /letters, digits and \+ = , \. @ _ - only/,
    );
    expect(validateRoleName('role/x', 'input.roleName')[0].field).toBe(
      'input.roleName',
    );
  });

  it('role paths start and end with a slash', () => {
    expect(validateRolePath('/')).toEqual([]);
    expect(validateRolePath('/backstage/')).toEqual([]);
    expect(validateRolePath('/a/b/')).toEqual([]);
    for (const bad of [
      'backstage/',
      '/backstage',
      '/with space/',
      '',
      `/${'x'.repeat(511)}/`,
    ]) {
      expect(validateRolePath(bad)).toHaveLength(1);
    }
  });

  it('account ids are 12 digits; regions are region codes', () => {
    expect(validateAccountId('111111111111')).toEqual([]);
    expect(validateAccountId('11111111111')[0].message).toMatch(/12 digits/);
    expect(validateRegion('us-east-1')).toEqual([]);
    expect(validateRegion('us-gov-west-1')).toEqual([]);
    expect(validateRegion('US-EAST-1')[0].field).toBe('region');
    expect(validateRegion('useast1')).toHaveLength(1);
  });

  it('tags follow IAM limits', () => {
    expect(
      validateTags({
        owner: 'group:default/payments',
        'cost center': 'R&D'.replace('&', ''),
      }),
    ).toEqual([]);
    expect(validateTags({ 'aws:owner': 'x' })[0].message).toMatch(
      /reserved "aws:" prefix/,
    );
    expect(validateTags({ ['k'.repeat(129)]: 'x' })[0].message).toMatch(
      /1–128/,
    );
    expect(validateTags({ k: 'v'.repeat(257) })[0].message).toMatch(
      /at most 256/,
    );
    expect(validateTags({ k: 'a&b' })[0].message).toMatch(
      /characters tags do not allow/,
    );
    const many = Object.fromEntries(
      Array.from({ length: 51 }, (_, i) => [`k${i}`, 'v']),
    );
    expect(validateTags(many)[0].message).toMatch(/at most 50/);
  });
});
