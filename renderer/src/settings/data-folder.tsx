import { useId } from 'react';
import { useApi } from '../api/api-context';
import { useRequest } from '../api/use-request';
import { useCopy } from '../ui/copy-button';
import { Loaded } from '../ui/loaded';

/**
 * Where MXray keeps its data. Read-only: main picks the folder before any window exists,
 * so changing it here could not take effect until a restart with the flag anyway.
 */
export function DataFolderSection() {
  const api = useApi();
  const info = useRequest(() => api['app.info']({}));
  return (
    <section className="card">
      <h2>Data</h2>
      <Loaded state={info} rows={2} failure="Could not ask main where the data folder is">
        {(value) => <DataFolder path={value.dataDir} />}
      </Loaded>
    </section>
  );
}

function DataFolder({ path }: { path: string }) {
  const id = useId();
  const { copy, run: copyPath } = useCopy(path);

  return (
    <div className="field">
      <label htmlFor={id}>Data folder</label>
      <div className="settings-path">
        <input
          id={id}
          type="text"
          className="mono"
          readOnly
          value={path}
          aria-describedby={`${id}-hint`}
          onFocus={(e) => e.currentTarget.select()}
        />
        <button type="button" className="button" onClick={copyPath}>
          Copy path
        </button>
      </div>
      <div className="settings-path-foot">
        <span className="field-hint" id={`${id}-hint`}>
          Settings, the outbox and the sandbox inbox live here. Chosen when MXray starts: pass{' '}
          <code>--data-dir</code> or set <code>MXRAY_DATA_DIR</code> to use another folder.
        </span>
        <span
          className={copy === 'failed' ? 'settings-copy settings-copy-failed' : 'settings-copy'}
          role="status"
        >
          {copy === 'copied' && 'Copied'}
          {copy === 'failed' && 'Could not copy: select the path and copy it by hand'}
        </span>
      </div>
    </div>
  );
}
