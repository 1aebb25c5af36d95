/**
 * The ways a PEM private key could sit in some output: its base64 body whole, and each of its
 * lines. A leak of the key in any form that keeps its base64 shows one of them.
 */
export function keyTraces(pem: string): string[] {
  const lines = pem.split(/\r?\n/).filter((l) => l.length > 0 && !l.startsWith('-----'));
  return [lines.join(''), ...lines.filter((l) => l.length >= 16)];
}

/** The traces of `pem` found in `text` (none, when nothing leaked). */
export function tracesOf(pem: string, text: string): string[] {
  return keyTraces(pem).filter((trace) => text.includes(trace));
}
