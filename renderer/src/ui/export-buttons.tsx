import { download } from './download';

interface ExportButtonsProps {
  /** The file name without its extension: `.json` and `.md` are added. */
  name: string;
  /** The JSON export: the contract's own shape. */
  json(): unknown;
  markdown(): string;
}

/** A report as it stands, for a ticket or a colleague: JSON, or Markdown to paste. */
export function ExportButtons({ name, json, markdown }: ExportButtonsProps) {
  return (
    <span className="report-export">
      <button
        type="button"
        className="button button-small"
        onClick={() =>
          download(`${name}.json`, JSON.stringify(json(), null, 2), 'application/json')
        }
      >
        Export JSON
      </button>
      <button
        type="button"
        className="button button-small"
        onClick={() => download(`${name}.md`, markdown(), 'text/markdown')}
      >
        Export Markdown
      </button>
    </span>
  );
}
