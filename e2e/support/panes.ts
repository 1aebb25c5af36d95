import type { Page } from '@playwright/test';

/** What the four panes of a delivery say at one moment. */
export interface PaneSnapshot {
  /** The selected outbox row: its first recipient and its status word. */
  row: { rcpt: string; status: string } | null;
  /** The detail's header: the recipients it is about and its status word. */
  head: { rcpts: string; status: string } | null;
  /** The failover path's live node: the words under it and the phase it names. */
  live: { text: string; phase: string } | null;
  /** How many attempts the failover path shows, and each attempt's reason. */
  attempts: number;
  reasons: string[];
  timelineIdle: string | null;
  recipients: { label: string; sentence: string; reply: string; tries: string }[];
  countdown: boolean;
}

// Runs in the page (the e2e tsconfig has no DOM types): on every change to the document, read
// the four panes and keep the snapshot when it differs from the last one.
const recorder = `(() => {
  const text = (el) => (el ? el.textContent.trim().replace(/\\s+/g, ' ') : '');
  const snap = () => {
    const article = document.querySelector('article.delivery');
    const row = document.querySelector('.outbox-row[aria-selected="true"]');
    const live = article && article.querySelector('.failover-node[aria-current="step"] .node-live');
    const idle = article && article.querySelector('section.timeline .section-empty');
    return {
      row: row && {
        rcpt: text(row.querySelector('.row-rcpt')).replace(/ \\+\\d+$/, ''),
        status: row.querySelector('.badge').dataset.status,
      },
      head: article && {
        rcpts: text(article.querySelector('.delivery-title h2')),
        status: article.querySelector('.delivery-head > .badge').dataset.status,
      },
      live: live && { text: text(live), phase: live.dataset.phase },
      attempts: article ? article.querySelectorAll('.node-attempt').length : 0,
      reasons: article
        ? [...article.querySelectorAll('.node-attempt')].map((b) => b.title)
        : [],
      timelineIdle: idle ? text(idle) : null,
      recipients: article
        ? [...article.querySelectorAll('[data-testid="recipient-outcome"]')].map((tr) => {
            const cells = tr.querySelectorAll('td');
            return {
              label: tr.querySelector('.badge').dataset.status,
              sentence: text(cells[2] && cells[2].firstElementChild),
              reply: text(cells[2] && cells[2].querySelector('.outcome-reply')),
              tries: text(cells[3]),
            };
          })
        : [],
      countdown: !!(article && article.querySelector('.delivery-head .countdown')),
    };
  };
  const seen = [];
  let last = '';
  const record = () => {
    const s = snap();
    const key = JSON.stringify(s);
    if (key !== last) { last = key; seen.push(s); }
  };
  new MutationObserver(record).observe(document.body, {
    subtree: true, childList: true, characterData: true, attributes: true,
  });
  record();
  window.__panes = { take: () => seen.splice(0) };
})()`;

/** Start recording every state the panes go through. */
export async function recordPanes(page: Page): Promise<void> {
  await page.evaluate(recorder);
}

/** The states recorded since the last call. */
export function takePanes(page: Page): Promise<PaneSnapshot[]> {
  return page.evaluate('window.__panes.take()') as Promise<PaneSnapshot[]>;
}

const open = new Set(['Waiting', 'Deferred', 'Sending', 'Cancelled']);

/** Where one snapshot's panes contradict each other; empty when they agree. */
export function disagreements(s: PaneSnapshot): string[] {
  const out: string[] = [];
  if (!s.head) return out;
  const says = (what: string) => out.push(what);
  if (s.row && s.head.rcpts.startsWith(s.row.rcpt) && s.row.status !== s.head.status)
    says(`the row says ${s.row.status}, the header ${s.head.status}`);
  if (s.live && s.head.status !== 'Sending')
    says(`the MX card says "${s.live.text}" under a ${s.head.status} header`);
  for (const r of s.recipients) {
    if (r.label === 'Sending' && s.head.status !== 'Sending')
      says(`a recipient is Sending under a ${s.head.status} header`);
    if (s.head.status === 'Sending' && s.live && open.has(r.label)) {
      if (r.label !== 'Sending') says(`the MX card is live but a recipient says ${r.label}`);
      const words = s.live.text.replace(/…$/, '');
      if (!r.sentence.includes(words))
        says(`the MX card says "${s.live.text}", the recipient "${r.sentence}"`);
    }
    if (s.head.status === 'Cancelled' && /will try again/.test(r.sentence))
      says(`cancelled, yet a recipient says "${r.sentence}"`);
    if (s.head.status === 'Cancelled' && r.label === 'Deferred')
      says('cancelled, yet a recipient is Deferred');
    if (r.tries === 'not dialled' && s.attempts > 0)
      says(`"not dialled" beside ${s.attempts} attempts`);
    if (/\btr(y|ies)\b/.test(r.tries) && s.attempts === 0 && s.head.status !== 'Sending')
      says(`"${r.tries}" with no attempt on the MX card`);
    if (r.label === 'Delivered' && !r.sentence.startsWith('The server took the message'))
      says(`Delivered, yet "${r.sentence}"`);
  }
  if (s.head.status === 'Deferred' && !s.recipients.some((r) => r.label === 'Deferred'))
    says('a Deferred header with no deferred recipient');
  if (s.timelineIdle?.startsWith('Phases appear') && !['Sending', 'Queued'].includes(s.head.status))
    says(`a ${s.head.status} delivery whose timeline waits for its first attempt`);
  if (s.timelineIdle?.startsWith('No server was dialled') && s.attempts > 0)
    says('"No server was dialled" beside attempts');
  return out;
}
