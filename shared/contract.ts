import { z } from 'zod';
import { AppInfo } from './app-info';
import { Settings, SettingsPatch } from './settings';

const NoPayload = z.object({}).strict();

/**
 * Every request the renderer can make, with its payload and response schemas.
 * The single source of truth: transports, preload and client derive their channels from it.
 */
export const requests = {
  'app.info': { request: NoPayload, response: AppInfo },
  'settings.get': { request: NoPayload, response: Settings },
  'settings.set': { request: SettingsPatch, response: Settings },
} as const satisfies Record<string, { request: z.ZodType; response: z.ZodType }>;

/** Every event main pushes to the renderer. */
export const events = {
  /** Settings changed, by any client; carries the whole new settings. */
  'settings.changed': Settings,
} as const satisfies Record<string, z.ZodType>;

export type RequestChannel = keyof typeof requests;
export type EventName = keyof typeof events;
export type RequestOf<C extends RequestChannel> = z.input<(typeof requests)[C]['request']>;
export type ParsedRequestOf<C extends RequestChannel> = z.output<(typeof requests)[C]['request']>;
export type ResponseOf<C extends RequestChannel> = z.output<(typeof requests)[C]['response']>;
export type EventPayload<E extends EventName> = z.output<(typeof events)[E]>;
export type EventMessage = { [E in EventName]: { name: E; payload: EventPayload<E> } }[EventName];

export const requestChannels = Object.keys(requests) as RequestChannel[];

export function isRequestChannel(name: string): name is RequestChannel {
  return Object.hasOwn(requests, name);
}
