import { readFile } from 'node:fs/promises';
import { addressesFromText } from '../../shared/verify-csv';
import { UsageError } from './usage-error';

export async function addressesFromFile(file: string): Promise<string[]> {
  try {
    return addressesFromText(await readFile(file, 'utf8'));
  } catch (error) {
    throw new UsageError(
      `verify: --file: cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? 'error'})`,
    );
  }
}
