import { ConfigReader } from '@backstage/config';
import { DEFAULT_ANALYSIS_SETTINGS, readAnalysisSettings } from './settings';

const read = (analysis: Record<string, string | number>) =>
  readAnalysisSettings(new ConfigReader({ eksPodIdentity: { analysis } }));

describe('readAnalysisSettings', () => {
  it('uses the defaults when nothing is configured', () => {
    expect(readAnalysisSettings(new ConfigReader({}))).toEqual({
      unusedRoleDays: 90,
      quotaWarningRatio: 0.8,
      associationQuota: 5000,
      permissionsBoundary: 'advisory',
      scopedTrust: 'advisory',
      lastAccessedWindowDays: 90,
    });
    expect(DEFAULT_ANALYSIS_SETTINGS.unusedRoleDays).toBe(90);
  });

  it('reads every key', () => {
    expect(
      read({
        unusedRoleDays: 30,
        quotaNearLimitPercent: 90,
        permissionsBoundary: 'required',
        scopedTrust: 'required',
      }),
    ).toEqual({
      unusedRoleDays: 30,
      quotaWarningRatio: 0.9,
      associationQuota: 5000,
      permissionsBoundary: 'required',
      scopedTrust: 'required',
      lastAccessedWindowDays: 90,
    });
  });

  it("reads the last-accessed window, within IAM's 400-day tracking period", () => {
    const window = (value: unknown) =>
      readAnalysisSettings(
        new ConfigReader({
          eksPodIdentity: { lastAccessed: { window: value } },
        } as any),
      ).lastAccessedWindowDays;
    expect(window({ days: 30 })).toBe(30);
    expect(window({ weeks: 2 })).toBe(14);
    expect(() => window({ days: 401 })).toThrow(
      "eksPodIdentity.lastAccessed.window must be from 1 to 400 days (IAM's tracking period), e.g. { days: 90 }; got 401 days",
    );
  });

  it('names the key and the fix when a value is wrong', () => {
    expect(() => read({ unusedRoleDays: 0 })).toThrow(
      'eksPodIdentity.analysis.unusedRoleDays must be a whole number from 1 to 3650, got 0',
    );
    expect(() => read({ quotaNearLimitPercent: 120 })).toThrow(
      'eksPodIdentity.analysis.quotaNearLimitPercent must be a whole number from 1 to 100',
    );
    expect(() => read({ permissionsBoundary: 'mandatory' })).toThrow(
      "eksPodIdentity.analysis.permissionsBoundary must be one of required, advisory, off, got 'mandatory'",
    );
    expect(() => read({ scopedTrust: 'always' })).toThrow(
      "eksPodIdentity.analysis.scopedTrust must be one of required, advisory, got 'always'",
    );
  });
});
