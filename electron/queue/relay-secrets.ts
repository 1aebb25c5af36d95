import { readFile, unlink } from 'node:fs/promises';
import path from 'node:path';
import { type SecretBox, sealToFile, unsealFile, unsealProblemText } from '../store/secret-box';
import { fsReason } from '../store/store-error';
import { WriteOnceFolder } from '../store/write-once';

/**
 * Relay passwords, one file per message under secrets/ (0600 in a 0700 folder), sealed by
 * the box the app was given. Never in the journal, a request file, a transcript or an export:
 * the message's record names the file, and the request it keeps has an empty password.
 */
export class RelaySecrets {
  private readonly files: WriteOnceFolder;

  constructor(
    readonly folder: string,
    private readonly box: SecretBox,
  ) {
    this.files = new WriteOnceFolder(folder);
  }

  /** Seal and write a password; resolves with the file's name once it is durable. */
  async save(stem: string, pass: string): Promise<string> {
    const name = `${stem}.secret`;
    await this.files.write(name, sealToFile(this.box, pass));
    return name;
  }

  /** The password in `name`, or a sentence saying why it cannot be had. */
  async read(name: string): Promise<{ pass: string } | { problem: string }> {
    let data: Buffer;
    try {
      data = await readFile(path.join(this.folder, name));
    } catch (error) {
      return { problem: `its relay password is no longer stored (${fsReason(error)})` };
    }
    const opened = unsealFile(this.box, data);
    return 'plain' in opened
      ? { pass: opened.plain }
      : { problem: unsealProblemText(opened.problem, 'relay password') };
  }

  async remove(name: string): Promise<void> {
    await unlink(path.join(this.folder, name)).catch(() => {});
  }
}
