import { useId } from 'react';
import { bytes } from '../ui/format';
import type { PickedFile } from './compose-draft';

async function read(file: File): Promise<PickedFile> {
  const buffer = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  for (let i = 0; i < buffer.length; i += 0x8000)
    binary += String.fromCharCode(...buffer.subarray(i, i + 0x8000));
  return {
    filename: file.name,
    contentType: file.type || 'application/octet-stream',
    contentBase64: btoa(binary),
    size: file.size,
  };
}

/** A file input: in Electron it opens the system's file dialog, in a browser the browser's. */
export function AttachmentPicker(props: {
  files: PickedFile[];
  onChange(files: PickedFile[]): void;
  error?: string;
}) {
  const { files, onChange, error } = props;
  const id = useId();
  return (
    <div className={`field${error ? ' field-invalid' : ''}`}>
      <label htmlFor={id}>Attachments</label>
      <input
        id={id}
        type="file"
        multiple
        aria-invalid={error ? true : undefined}
        onChange={async (e) => {
          const picked = await Promise.all([...(e.target.files ?? [])].map(read));
          onChange([...files, ...picked]);
          e.target.value = '';
        }}
      />
      {files.length > 0 && (
        <ul className="attachments">
          {files.map((f, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: two picked files may share a name and size
            <li key={`${f.filename}-${i}`}>
              <span className="mono">{f.filename}</span>{' '}
              <span className="section-note">{bytes(f.size)}</span>
              <button
                type="button"
                className="link-button"
                onClick={() => onChange(files.filter((_, n) => n !== i))}
              >
                Remove
              </button>
            </li>
          ))}
        </ul>
      )}
      {error && (
        <div className="field-error" role="alert">
          {error}
        </div>
      )}
    </div>
  );
}
