import { useCallback, useEffect, useMemo, useState } from 'react';
import type { InboxSummary } from '../../../shared/sandbox';
import { useApi, useConnection } from '../api/api-context';
import { mergeMessages } from './inbox-model';
import { useLoad } from './use-load';

export interface Inbox {
  messages: InboxSummary[] | undefined;
  loading: boolean;
  error: string | null;
  retry(): void;
  remove(id: string): Promise<void>;
  clear(): Promise<void>;
}

const MAX_INBOX = 1000;

/** The sandbox inbox: the listing plus what arrives live, even while the listing loads. */
export function useInbox(): Inbox {
  const api = useApi();
  const { client } = useConnection();
  const listed = useLoad(() => api['sandbox.inbox.list']({}));
  const [live, setLive] = useState<InboxSummary[]>([]);
  const [gone, setGone] = useState<ReadonlySet<string>>(new Set());

  useEffect(
    // The inbox keeps at most 1000 (inbox-store.ts): so does the live list.
    () =>
      client.on('sandbox.received', ({ message }) =>
        setLive((l) => [message, ...l].slice(0, MAX_INBOX)),
      ),
    [client],
  );

  const messages = useMemo(
    () => listed.value && mergeMessages(live, listed.value).filter((m) => !gone.has(m.id)),
    [live, listed.value, gone],
  );

  const remove = useCallback(
    async (id: string) => {
      await api['sandbox.inbox.delete']({ id });
      setGone((g) => new Set(g).add(id));
    },
    [api],
  );

  const { update } = listed;
  const clear = useCallback(async () => {
    await api['sandbox.inbox.clear']({});
    setLive([]);
    update(() => []);
  }, [api, update]);

  return {
    messages,
    loading: listed.loading,
    error: listed.error,
    retry: listed.retry,
    remove,
    clear,
  };
}
