/** Save bytes as a file: the browser's download, Electron's save dialog. */
export function download(name: string, data: BlobPart, type: string) {
  const url = URL.createObjectURL(new Blob([data], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  // Revoking at once can cancel the download in Chromium: give it a moment.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function base64Bytes(base64: string): Uint8Array<ArrayBuffer> {
  const raw = atob(base64);
  const out = new Uint8Array(raw.length);
  for (let i = 0; i < raw.length; i++) out[i] = raw.charCodeAt(i);
  return out;
}

/** A file name from a delivery: `mxray-<domain>-<short id>`. */
export const baseName = (domain: string | null, id: string) =>
  `mxray-${(domain ?? 'relay').replace(/[^a-z0-9.-]/gi, '_')}-${id.slice(0, 8)}`;
