import { withScanDefaults } from './scanSchedule';

describe('withScanDefaults', () => {
  it('scans every 30 minutes, or daily as the safety net when CloudTrail events bring the changes', () => {
    expect(withScanDefaults(undefined).frequency).toEqual({ minutes: 30 });
    expect(
      withScanDefaults(undefined, { cloudTrailEvents: true }).frequency,
    ).toEqual({ hours: 24 });
  });

  it('keeps a configured schedule either way', () => {
    const schedule = { frequency: { hours: 2 }, timeout: { minutes: 10 } };
    expect(
      withScanDefaults(schedule, { cloudTrailEvents: true }),
    ).toMatchObject({ frequency: { hours: 2 }, scope: 'global' });
  });
});
