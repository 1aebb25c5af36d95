import { z } from 'zod';
import { Mode } from './settings';

/** Which entry point is serving the renderer. */
export const Runtime = z.enum(['electron', 'web', 'cli']);
export type Runtime = z.infer<typeof Runtime>;

export const AppInfo = z.object({
  name: z.literal('MXray'),
  version: z.string(),
  runtime: Runtime,
  mode: Mode,
  platform: z.string(),
  dataDir: z.string(),
  versions: z.object({
    node: z.string(),
    electron: z.string().nullable(),
    chrome: z.string().nullable(),
  }),
  startedAt: z.iso.datetime(),
});
export type AppInfo = z.infer<typeof AppInfo>;
