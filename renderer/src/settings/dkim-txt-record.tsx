import type { DkimTxtRecord } from '../../../shared/dkim';
import { CopyButton } from '../ui/copy-button';

/** The TXT record that publishes a key: name, value and a zone-file line, each to copy. */
export function DkimTxtRecordView({ txt }: { txt: DkimTxtRecord }) {
  const rows = [
    { label: 'Name', text: txt.name, what: 'the record name' },
    { label: 'Value', text: txt.value, what: 'the record value' },
    { label: 'Zone-file line', text: txt.zone, what: 'the zone-file line' },
  ];
  return (
    <div className="dkim-txt">
      <dl className="dkim-txt-rows">
        {rows.map((row) => (
          <div className="dkim-txt-row" key={row.label}>
            <dt>{row.label}</dt>
            <dd>
              <code>{row.text}</code>
              <CopyButton text={row.text} label={`Copy ${row.what}`} />
            </dd>
          </div>
        ))}
      </dl>
      <p className="settings-note dkim-txt-note">
        Publish it as a TXT record at the name above.
        {txt.strings.length > 1 &&
          ` The value is longer than one TXT string holds (255 characters): most DNS panels split it themselves; a zone file takes the line as given, in ${txt.strings.length} strings.`}
      </p>
    </div>
  );
}
