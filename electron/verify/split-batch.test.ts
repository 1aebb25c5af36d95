import { describe, expect, it } from 'vitest';
import { splitBatch } from './split-batch';

const sandboxOnly = (domain: string) =>
  domain.endsWith('.sandbox.test') ? null : `${domain} is not a sandbox domain`;

describe('a run split into what is probed and what is answered on its row', () => {
  it('keeps every address once, in the order given, and probes all but the refused', () => {
    const batch = splitBatch(
      [
        'b@reject.sandbox.test',
        'someone@Example.com',
        'not-an-address',
        'a@reject.sandbox.test',
        'b@reject.sandbox.test',
        'someone@example.com',
      ],
      sandboxOnly,
    );
    expect(batch.keys).toEqual([
      'b@reject.sandbox.test',
      'someone@example.com',
      'not-an-address',
      'a@reject.sandbox.test',
    ]);
    // An invalid address is probed: the verifier answers it on its row, as the CLI does.
    expect(batch.probe).toEqual([
      'b@reject.sandbox.test',
      'not-an-address',
      'a@reject.sandbox.test',
    ]);
    expect(batch.refused).toEqual([
      expect.objectContaining({
        address: 'someone@example.com',
        verdict: 'unknown',
        reason: 'not verified: example.com is not a sandbox domain',
        notProbed: 'refused',
        session: null,
      }),
    ]);
    expect(batch.refusal).toBe('someone@Example.com: example.com is not a sandbox domain');
  });

  it('refuses nothing when every domain may be asked', () => {
    const batch = splitBatch(['a@reject.sandbox.test', 'x'.repeat(400)], sandboxOnly);
    expect(batch).toMatchObject({ refused: [], refusal: null });
    expect(batch.probe).toHaveLength(2);
  });
});
