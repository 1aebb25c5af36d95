import type { Page } from '@playwright/test';

/** The app under test, whichever target runs it. Specs talk only to this. */
export interface AppHandle {
  page: Page;
  /** Web target: the URL the server printed (with its token); Electron: null. */
  printedUrl(): string | null;
  /** Stop the app (server or Electron) and start it again on the same data folder. */
  restart(): Promise<Page>;
  /** A second window on the same running app. */
  openSecondWindow(): Promise<Page>;
  close(): Promise<void>;
  /** What the app last put on the system clipboard. */
  readClipboard(): Promise<string>;
  /** Run `trigger`, which makes the app save a file, and hand back the file saved. */
  download(trigger: () => Promise<void>): Promise<{ name: string; content: Buffer }>;
}
