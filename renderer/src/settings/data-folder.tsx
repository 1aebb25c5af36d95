import { useEffect, useId, useState } from 'react';
import { useApi } from '../api/api-context';
import { useRequest } from '../api/use-request';
import { Loaded } from '../ui/loaded';

type CopyState = 'idle' | 'copied' | 'failed';

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
  const [copy, setCopy] = useState<CopyState>('idle');

  // The confirmation is a moment's feedback, not a state to keep.
  useEffect(() => {
    if (copy === 'idle') return;
    const timer = setTimeout(() => setCopy('idle'), 2500);
    return () => clearTimeout(timer);
  }, [copy]);

  async function copyPath() {
    try {
      // Absent outside a secure context, and refused without focus or permission.
      if (!navigator.clipboard) throw new Error('no clipboard');
      await navigator.clipboard.writeText(path);
      setCopy('copied');
    } catch {
      setCopy('failed');
    }
  }

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
