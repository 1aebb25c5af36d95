import { describe, expect, it } from 'vitest';
import type { MxTarget } from '../dns/mx-targets';
import { walkAddresses } from './walk-addresses';

const t = (host: string, ip: string): MxTarget => ({ host, preference: 10, ip, port: 25 });
const targets = [t('mx1', '127.0.0.1'), t('mx1', '127.0.0.2'), t('mx2', '127.0.0.3')];

describe('walkAddresses', () => {
  it('tries each address in order, telling each attempt which comes next, while goOn says so', async () => {
    const seen: [string, string | undefined][] = [];
    const last = await walkAddresses(
      targets,
      async (target, next) => {
        seen.push([target.ip, next?.ip]);
        return target.ip;
      },
      async () => true,
    );
    expect(seen).toEqual([
      ['127.0.0.1', '127.0.0.2'],
      ['127.0.0.2', '127.0.0.3'],
      ['127.0.0.3', undefined],
    ]);
    expect(last).toEqual({ result: '127.0.0.3', target: targets[2] });
  });

  it('stops where goOn says stop, and dials nothing when there is nothing to dial', async () => {
    const dialled: string[] = [];
    const last = await walkAddresses(
      targets,
      async (target) => {
        dialled.push(target.ip);
        return target.ip === '127.0.0.2' ? 'accepted' : 'refused';
      },
      (result) => result !== 'accepted',
    );
    expect(dialled).toEqual(['127.0.0.1', '127.0.0.2']);
    expect(last?.result).toBe('accepted');
    expect(
      await walkAddresses(
        [],
        async () => 'x',
        () => true,
      ),
    ).toBeNull();
  });
});
