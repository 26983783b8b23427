import { assertNarrowSelector, parseLabelSelector } from './labelSelector';

describe('parseLabelSelector', () => {
  const labels = {
    app: 'checkout',
    tier: 'web',
    'backstage.io/kubernetes-id': 'shop',
  };
  const matches = (selector: string, l: Record<string, string> = labels) =>
    parseLabelSelector(selector, 'field')(l);

  it.each([
    ['app=checkout', true],
    ['app==checkout', true],
    ['app=cart', false],
    ['app!=cart', true],
    ['app!=checkout', false],
    ['app in (cart, checkout)', true],
    ['app in (cart)', false],
    ['app notin (cart)', true],
    ['app notin (checkout,cart)', false],
    ['tier', true],
    ['!tier', false],
    ['!missing', true],
    ['missing notin (x)', true],
    ['app=checkout,tier=web', true],
    ['app in (checkout,cart),tier=db', false],
    ['backstage.io/kubernetes-id=shop', true],
  ])('%s → %s', (selector, expected) => {
    expect(matches(selector)).toBe(expected);
  });

  it('rejects a malformed selector naming the field', () => {
    expect(() =>
      parseLabelSelector('app=(x', 'metadata.annotations["s"]'),
    ).toThrow(
      /metadata\.annotations\["s"\]: "app=\(x" is not a label selector requirement/,
    );
    expect(() => parseLabelSelector(' ', 'f')).toThrow(/f is empty/);
  });
});

describe('assertNarrowSelector', () => {
  it.each(['!nonexistent-label', 'app!=x', 'app notin (x)', '!a, b!=c', ' '])(
    'refuses %j, which selects every workload without the labels it names',
    selector => {
      expect(() => assertNarrowSelector(selector, 'f')).toThrow(
        /f: .* has no requirement a workload's labels must meet/,
      );
    },
  );

  it.each(['app=checkout', 'app in (a,b), !canary', 'tier', 'tier,app!=x'])(
    'accepts %j, which needs a label to be present',
    selector => {
      expect(() => assertNarrowSelector(selector, 'f')).not.toThrow();
    },
  );
});
