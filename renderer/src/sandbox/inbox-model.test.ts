import { describe, expect, it } from 'vitest';
import type { InboxSummary } from '../../../shared/sandbox';
import {
  afterDelete,
  decodeBase64,
  emlFileName,
  mergeMessages,
  moveSelection,
  rawPreview,
  scenarioLabel,
} from './inbox-model';

const message = (id: string, receivedAt: string): InboxSummary => ({
  id,
  receivedAt,
  scenario: 'ok.sandbox.test',
  host: 'mx.ok.sandbox.test',
  mailFrom: 'me@mxray.test',
  rcptTo: ['you@ok.sandbox.test'],
  from: 'me@mxray.test',
  subject: 'Hello',
  size: 100,
  unacknowledged: false,
  client: null,
});

const a = message('a', '2025-01-01T10:00:00.000Z');
const b = message('b', '2025-01-01T11:00:00.000Z');
const c = message('c', '2025-01-01T12:00:00.000Z');

describe('inbox model', () => {
  it('merges live arrivals into the listing, newest first, once each', () => {
    expect(mergeMessages([c, b], [b, a]).map((m) => m.id)).toEqual(['c', 'b', 'a']);
  });

  it('moves the selection with the keyboard, stopping at the ends', () => {
    const list = [c, b, a];
    expect(moveSelection(list, null, 'ArrowDown')).toBe('c');
    expect(moveSelection(list, 'c', 'ArrowDown')).toBe('b');
    expect(moveSelection(list, 'c', 'ArrowUp')).toBe('c');
    expect(moveSelection(list, 'a', 'ArrowDown')).toBe('a');
    expect(moveSelection(list, 'b', 'End')).toBe('a');
    expect(moveSelection([], null, 'Home')).toBeNull();
  });

  it('selects a neighbour after a delete', () => {
    expect([
      afterDelete([c, b, a], 'b'),
      afterDelete([c, b, a], 'a'),
      afterDelete([c], 'c'),
    ]).toEqual(['a', 'b', null]);
  });

  it('decodes raw source and cuts a big one', () => {
    const bytes = decodeBase64(btoa('Subject: Hi\r\n\r\nBody'));
    expect(rawPreview(bytes)).toEqual({ text: 'Subject: Hi\r\n\r\nBody', cut: false });
    expect(rawPreview(bytes, 7)).toEqual({ text: 'Subject', cut: true });
  });

  it('names files and scenarios for people', () => {
    expect(emlFileName({ id: 'x1', subject: 'Re: Hello, World!' })).toBe('re-hello-world-x1.eml');
    expect(emlFileName({ id: 'x1', subject: '' })).toBe('message-x1.eml');
    expect(scenarioLabel('greylist.sandbox.test')).toBe('greylist');
  });
});
