import { readFile } from 'node:fs/promises';
import path from 'node:path';

const types: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
};

export interface StaticFile {
  body: Buffer;
  type: string;
}

/**
 * Resolve a URL path inside the built renderer folder. Paths that escape the folder are
 * refused; unknown paths without an extension fall back to index.html (client routes).
 */
export async function readStatic(root: string, urlPath: string): Promise<StaticFile | null> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath.split('?')[0] ?? '/');
  } catch {
    return null; // a malformed %-escape names no file
  }
  const wanted = path.resolve(root, `.${decoded === '/' ? '/index.html' : decoded}`);
  if (wanted !== root && !wanted.startsWith(root + path.sep)) return null;
  const file = path.extname(wanted) ? wanted : path.join(root, 'index.html');
  try {
    const body = await readFile(file);
    return { body, type: types[path.extname(file)] ?? 'application/octet-stream' };
  } catch {
    return null;
  }
}
