import { Clock } from '@lib/kernel';
import { HolderRepository } from '../../ports';
import { RecordHoldersCommand } from './record-holders.command';
import { RecordHoldersHandler } from './record-holders.handler';

describe('RecordHoldersHandler', () => {
  it('inserts the distinct users it has not recorded yet in one call; known holders cost nothing', async () => {
    const touched: string[][] = [];
    const holders = { touch: async (ids: readonly string[]) => void touched.push([...ids]) } as unknown as HolderRepository;
    const handler = new RecordHoldersHandler(holders, { now: () => new Date(0) } as Clock);
    await handler.execute(new RecordHoldersCommand(['a', 'b', 'a']));
    await handler.execute(new RecordHoldersCommand(['b', 'a']));
    await handler.execute(new RecordHoldersCommand(['c', 'a', 'c']));
    expect(touched).toEqual([['a', 'b'], ['c']]);
  });

  it('remembers nothing when the insert fails, so the retry inserts again', async () => {
    let calls = 0;
    const holders = {
      touch: async () => {
        calls += 1;
        if (calls === 1) throw new Error('down');
      },
    } as unknown as HolderRepository;
    const handler = new RecordHoldersHandler(holders, { now: () => new Date(0) } as Clock);
    await expect(handler.execute(new RecordHoldersCommand(['a']))).rejects.toThrow('down');
    await handler.execute(new RecordHoldersCommand(['a']));
    await handler.execute(new RecordHoldersCommand(['a']));
    expect(calls).toBe(2);
  });
});
