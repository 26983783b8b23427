import { latestOnly } from './latestOnly';

describe('latestOnly', () => {
  it('consumes one value at a time, and of those that waited only the newest', async () => {
    const consumed: number[] = [];
    const releases: Array<() => void> = [];
    const consume = latestOnly(async (value: number) => {
      consumed.push(value);
      await new Promise<void>(resolve => releases.push(resolve));
    });

    consume(1);
    consume(2);
    consume(3);
    expect(consumed).toEqual([1]);
    releases.shift()!();
    await new Promise(r => setImmediate(r));
    expect(consumed).toEqual([1, 3]);
    releases.shift()!();
    await new Promise(r => setImmediate(r));

    consume(4);
    expect(consumed).toEqual([1, 3, 4]);
  });

  it('goes on after a call fails', async () => {
    const consumed: number[] = [];
    const consume = latestOnly(async (value: number) => {
      consumed.push(value);
      if (value === 1) throw new Error('no');
    });
    consume(1);
    await new Promise(r => setImmediate(r));
    consume(2);
    await new Promise(r => setImmediate(r));
    expect(consumed).toEqual([1, 2]);
  });
});
