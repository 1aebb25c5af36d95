import type { HtmlCompat, HtmlFamilyScore, HtmlFeatureIssue } from '../../shared/message-report';

/**
 * The message's HTML and CSS against caniemail.com's data, through the `caniemail` package
 * (its maintainer's successor to @jsx-email/doiuse-email): for each client family a score, and
 * each feature a client does not (or only partly) support, with the clients it breaks.
 */

interface Issue {
  title: string;
  support: string;
  notes: string[];
}
type IssueMap = Map<string, Issue[]>;
interface CaniemailModule {
  caniemail(options: { clients: string[]; html: string }): {
    issues: { errors: IssueMap; warnings: IssueMap };
  };
  rawData: {
    last_update_date?: string;
    nicenames: { family: Record<string, string> };
    data: { stats: Record<string, Record<string, unknown>> }[];
  };
}

/** The families most people read mail in come first; the rest follow by name. */
const FAMILY_ORDER = ['gmail', 'apple-mail', 'outlook', 'yahoo', 'samsung-email', 'thunderbird'];

let loaded: Promise<CaniemailModule> | null = null;
// Loaded on first use: the data is 600 KB of JSON that no CLI start should pay for.
const load = () => {
  loaded ??= import('caniemail') as unknown as Promise<CaniemailModule>;
  return loaded;
};

/** Every client caniemail has data for, by family ("gmail" → ["gmail.android", …]). */
function clientsByFamily(data: CaniemailModule['rawData']): Map<string, string[]> {
  const families = new Map<string, Set<string>>();
  for (const feature of data.data)
    for (const [family, platforms] of Object.entries(feature.stats ?? {}))
      for (const platform of Object.keys(platforms ?? {})) {
        const set = families.get(family) ?? new Set<string>();
        set.add(`${family}.${platform}`);
        families.set(family, set);
      }
  const rank = (f: string) => {
    const i = FAMILY_ORDER.indexOf(f);
    return i < 0 ? FAMILY_ORDER.length : i;
  };
  return new Map(
    [...families.entries()]
      .sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b))
      .map(([f, set]) => [f, [...set].sort()]),
  );
}

const NO_DATA = /not found on "([^"]+)"|were not found|not found\./;

/**
 * caniemail stops a whole run at the first client it has no data for on some feature; such a
 * client is set aside (with why) and the family run again without it.
 */
function runFamily(
  mod: CaniemailModule,
  html: string,
  clients: string[],
  notChecked: HtmlCompat['notChecked'],
): { clients: string[]; errors: IssueMap; warnings: IssueMap } {
  let remaining = clients;
  for (;;) {
    if (!remaining.length) return { clients: [], errors: new Map(), warnings: new Map() };
    try {
      const { issues } = mod.caniemail({ clients: remaining, html });
      return { clients: remaining, errors: issues.errors, warnings: issues.warnings };
    } catch (error) {
      const message = (error as Error).message;
      const match = NO_DATA.exec(message);
      const client = match?.[1] && remaining.includes(match[1]) ? match[1] : null;
      if (!match) throw error;
      const dropped = client ? [client] : remaining;
      for (const c of dropped) notChecked.push({ client: c, reason: `caniemail: ${message}` });
      remaining = remaining.filter((c) => !dropped.includes(c));
    }
  }
}

export const CANIEMAIL_SOURCE = 'caniemail (caniemail.com data)';

/** Judge one HTML body; null html (a text-only message) is "not checked", with why. */
export async function htmlCompat(html: string | null): Promise<HtmlCompat> {
  const empty = { families: [], issues: [], notChecked: [] };
  if (!html?.trim())
    return {
      checked: false,
      reason: 'The message has no HTML part.',
      source: CANIEMAIL_SOURCE,
      ...empty,
    };
  let mod: CaniemailModule;
  try {
    mod = await load();
  } catch (error) {
    return {
      checked: false,
      reason: `The caniemail data could not be loaded: ${(error as Error).message}`,
      source: CANIEMAIL_SOURCE,
      ...empty,
    };
  }
  const source = `caniemail.com data of ${mod.rawData.last_update_date ?? 'unknown date'}`;
  const notChecked: HtmlCompat['notChecked'] = [];
  const families: HtmlFamilyScore[] = [];
  const byFeature = new Map<
    string,
    { support: 'none' | 'partial'; clients: Set<string>; notes: Set<string> }
  >();
  for (const [family, clients] of clientsByFamily(mod.rawData)) {
    let run: ReturnType<typeof runFamily>;
    try {
      run = runFamily(mod, html, clients, notChecked);
    } catch (error) {
      for (const c of clients)
        notChecked.push({ client: c, reason: `caniemail failed: ${(error as Error).message}` });
      continue;
    }
    if (!run.clients.length) continue;
    let points = 0;
    const unsupported = new Set<string>();
    for (const client of run.clients) {
      const errors = run.errors.get(client) ?? [];
      const warnings = run.warnings.get(client) ?? [];
      points += errors.length ? 0 : warnings.length ? 0.5 : 1;
      for (const [list, support] of [
        [errors, 'none'],
        [warnings, 'partial'],
      ] as const)
        for (const issue of list) {
          if (support === 'none') unsupported.add(issue.title);
          const key = `${support}\u0000${issue.title}`;
          const entry = byFeature.get(key) ?? { support, clients: new Set(), notes: new Set() };
          entry.clients.add(client);
          for (const note of issue.notes) entry.notes.add(note);
          byFeature.set(key, entry);
        }
    }
    const score = Math.round((100 * points) / run.clients.length);
    families.push({
      family,
      title: mod.rawData.nicenames.family[family] ?? family,
      clients: run.clients,
      score,
      status: score === 100 ? 'ok' : 'warn',
      unsupported: [...unsupported].sort(),
    });
  }
  const issues: HtmlFeatureIssue[] = [...byFeature.entries()]
    .map(([key, e]) => {
      const clients = [...e.clients].sort();
      return {
        feature: key.split('\u0000')[1] ?? key,
        support: e.support,
        clients,
        families: [...new Set(clients.map((c) => c.split('.')[0] ?? c))],
        notes: [...e.notes],
      };
    })
    .sort((a, b) =>
      a.support === b.support ? b.clients.length - a.clients.length : a.support === 'none' ? -1 : 1,
    );
  return { checked: true, reason: null, source, families, issues, notChecked };
}
