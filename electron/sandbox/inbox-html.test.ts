import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import MailComposer from 'nodemailer/lib/mail-composer';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { inboxHtml } from './inbox-html';
import { InboxStore } from './inbox-store';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'mxray-inbox-html-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

const compose = (options: ConstructorParameters<typeof MailComposer>[0]) =>
  new Promise<Buffer>((resolve, reject) =>
    new MailComposer(options)
      .compile()
      .build((error, message) => (error ? reject(error) : resolve(message))),
  );

describe("an inbox message's HTML document", () => {
  it('keeps inline styles, turns cid: images into data: URLs, and leaves remote images to the policy', async () => {
    const inbox = await InboxStore.open(dir);
    const raw = await compose({
      from: 'a@mxray.test',
      to: 'b@ok.sandbox.test',
      subject: 'Styled',
      html: '<p style="color: red">Red</p><img src="cid:logo@mxray"><img src="https://tracker.example/x.gif">',
      attachments: [
        {
          filename: 'logo.gif',
          content: Buffer.from('GIF89a'),
          contentType: 'image/gif',
          cid: 'logo@mxray',
        },
      ],
    });
    const { id } = await inbox.add({
      scenario: 'ok.sandbox.test',
      host: 'mx.ok.sandbox.test',
      mailFrom: 'a@mxray.test',
      rcptTo: ['b@ok.sandbox.test'],
      raw,
      unacknowledged: false,
      client: { ip: '127.0.0.1', helo: 'client.mxray.test', tls: null },
    });
    const html = await inboxHtml(inbox, `/sandbox-inbox/${id}.html`);
    expect(html).toContain('<p style="color: red">Red</p>');
    expect(html).toContain(
      `src="data:image/gif;base64,${Buffer.from('GIF89a').toString('base64')}"`,
    );
    expect(html).toContain('src="https://tracker.example/x.gif"');
    expect(await inboxHtml(inbox, '/sandbox-inbox/0000000aa-000000.html')).toBeNull();
    expect(await inboxHtml(inbox, `/sandbox-inbox/${id}.txt`)).toBeNull();
  });
});
