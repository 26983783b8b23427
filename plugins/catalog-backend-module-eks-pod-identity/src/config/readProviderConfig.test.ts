import { ConfigReader } from '@backstage/config';
import { DEFAULT_SCHEDULE, readProviderConfig } from './readProviderConfig';

const read = (eksPodIdentity?: object) =>
  readProviderConfig(
    new ConfigReader(
      eksPodIdentity ? { catalog: { providers: { eksPodIdentity } } } : {},
    ),
  );

describe('readProviderConfig', () => {
  it('is off without its config block', () => {
    expect(read()).toBeUndefined();
  });

  it('completes the platform owner to a full group ref and defaults the rest', () => {
    expect(read({ platformOwner: 'platform-team' })).toEqual({
      platformOwner: 'group:default/platform-team',
      schedule: DEFAULT_SCHEDULE,
    });
  });

  it('reads the schedule', () => {
    const settings = read({
      platformOwner: 'group:infra/platform',
      schedule: { frequency: { minutes: 1 }, timeout: { seconds: 50 } },
    });
    expect(settings).toMatchObject({
      platformOwner: 'group:infra/platform',
      schedule: { frequency: { minutes: 1 }, timeout: { seconds: 50 } },
    });
  });

  it('names the key and the fix when the platform owner is missing or malformed', () => {
    expect(() => read({})).toThrow(
      /catalog\.providers\.eksPodIdentity\.platformOwner is missing: set it to the entity ref of the group .* e\.g\. group:default\/platform-team/,
    );
    expect(() => read({ platformOwner: 'group:a:b/c/d' })).toThrow(
      /catalog\.providers\.eksPodIdentity\.platformOwner 'group:a:b\/c\/d' is not a group or user entity ref/,
    );
    expect(() => read({ platformOwner: 'component:default/x' })).toThrow(
      /is not a group or user entity ref/,
    );
  });
});
