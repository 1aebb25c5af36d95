import { useEffect, useState } from 'react';
import { decodeBase64 } from './inbox-model';

/** Save bytes through a temporary <a download>; the URL is revoked once the click is handled. */
export function downloadBytes(bytes: Uint8Array<ArrayBuffer>, filename: string, type: string) {
  const url = URL.createObjectURL(new Blob([bytes], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
  // Revoking at once can cancel the download in Chromium: give it a moment.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** An object URL for base64 content while the component is mounted (attachment links). */
export function useObjectUrl(base64: string, type: string): string | null {
  const [url, setUrl] = useState<string | null>(null);
  useEffect(() => {
    const made = URL.createObjectURL(new Blob([decodeBase64(base64)], { type }));
    setUrl(made);
    return () => URL.revokeObjectURL(made);
  }, [base64, type]);
  return url;
}
