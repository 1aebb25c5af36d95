import { InboxPane } from './inbox-pane';
import { ScenariosPane } from './scenarios-pane';

/** The embedded MX servers on the left, what they received on the right. */
export function SandboxPage({ selected }: { selected: string | null }) {
  return (
    <main className="sandbox-page">
      <ScenariosPane />
      <InboxPane selected={selected} />
    </main>
  );
}
