import { ConfigReader } from '@backstage/config';
import type { JsonObject } from '@backstage/types';
import { PlatformGuardrails } from './Guardrails';

const read = (guardrails: JsonObject) =>
  PlatformGuardrails.fromConfig(
    new ConfigReader({ eksPodIdentity: { guardrails } }),
  );

describe('PlatformGuardrails.fromConfig', () => {
  it('refuses plans with findings from high up unless configured', () => {
    expect(read({}).refuseFindingsAtOrAbove).toBe('high');
    expect(
      read({ refuseFindingsAtOrAbove: 'critical' }).refuseFindingsAtOrAbove,
    ).toBe('critical');
  });

  it('names the key and the values when the severity is wrong', () => {
    expect(() => read({ refuseFindingsAtOrAbove: 'severe' })).toThrow(
      "Invalid config at 'eksPodIdentity.guardrails.refuseFindingsAtOrAbove': 'severe' is not a finding severity; use one of critical, high, medium, low, info.",
    );
  });
});
