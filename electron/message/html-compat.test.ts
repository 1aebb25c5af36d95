import { describe, expect, it } from 'vitest';
import { htmlCompat } from './html-compat';

const flexbox = `<!doctype html>
<html>
<head><style>.row { display: flex; justify-content: space-between; }</style></head>
<body><div class="row" style="display:flex"><p>Left</p><p>Right</p></div></body>
</html>`;

describe('htmlCompat (caniemail data)', () => {
  it('a message with flexbox and <style> in head: the expected unsupported features, per client', async () => {
    const report = await htmlCompat(flexbox);
    expect(report.checked).toBe(true);
    expect(report.source).toMatch(/^caniemail\.com data of /);
    const issue = (feature: string) =>
      report.issues.find((i) => i.feature === feature && i.support === 'none');
    // Outlook for Windows renders with Word: no flexbox at all.
    expect(issue('display:flex')?.clients).toEqual(expect.arrayContaining(['outlook.windows']));
    expect(issue('display:flex')?.families).toContain('outlook');
    // Gmail's mobile webmail drops <style> in head (and so class selectors).
    expect(issue('<style> element')?.clients).toContain('gmail.mobile-webmail');
    expect(issue('justify-content')?.clients).toEqual(
      expect.arrayContaining(['gmail.desktop-webmail']),
    );
    const outlook = report.families.find((f) => f.family === 'outlook');
    expect(outlook).toMatchObject({ title: 'Outlook', status: 'warn' });
    expect(outlook?.unsupported).toContain('display:flex');
    expect(outlook?.score).toBeLessThan(100);
    const gmail = report.families.find((f) => f.family === 'gmail');
    expect(gmail?.clients).toContain('gmail.mobile-webmail');
    expect(gmail?.unsupported).toEqual(
      expect.arrayContaining(['<style> element', 'justify-content']),
    );
    // The families people read mail in come first.
    expect(report.families.slice(0, 3).map((f) => f.family)).toEqual([
      'gmail',
      'apple-mail',
      'outlook',
    ]);
    // Unsupported before partial.
    const firstPartial = report.issues.findIndex((i) => i.support === 'partial');
    expect(report.issues.slice(firstPartial).every((i) => i.support === 'partial')).toBe(true);
  });

  it('plain tables and inline colours score better than flexbox', async () => {
    const simple = await htmlCompat('<table><tr><td style="color:#333333">Hello</td></tr></table>');
    const fancy = await htmlCompat(flexbox);
    const score = (r: typeof simple, f: string) =>
      r.families.find((x) => x.family === f)?.score ?? -1;
    expect(score(simple, 'outlook')).toBeGreaterThan(score(fancy, 'outlook'));
    expect(simple.issues.some((i) => i.feature === 'display:flex')).toBe(false);
  });

  it('a text-only message is not checked, and says why', async () => {
    expect(await htmlCompat(null)).toMatchObject({
      checked: false,
      reason: 'The message has no HTML part.',
      families: [],
    });
  });
});
