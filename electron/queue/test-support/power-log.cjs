// Preloaded into a real `mxray web` (node --require) by the power-loss test: records what an
// fsync made durable, so the test can rebuild the disk as a power cut at any instant would
// leave it. Each fsync/fdatasync of a file copies the file's bytes as they stand (what the
// sync makes durable); each fsync of a folder lists its entries (the names it makes durable).
// Lines go to $MXRAY_POWER_LOG/log.jsonl, copies beside it; written synchronously, in order.
const fs = require('node:fs');
const fsp = require('node:fs/promises');
const path = require('node:path');

const out = process.env.MXRAY_POWER_LOG;
if (!out) throw new Error('power-log.cjs needs MXRAY_POWER_LOG');
fs.mkdirSync(out, { recursive: true });
const log = fs.openSync(path.join(out, 'log.jsonl'), 'a');
let copies = 0;
/** A slow disk (ms per fsync), so that what does not wait for an fsync shows in the order. */
const slow = Number(process.env.MXRAY_POWER_SLOW_SYNC_MS ?? 0);

function record(entry) {
  fs.writeSync(log, `${JSON.stringify({ ...entry, at: Date.now() })}\n`);
}

/** The file or folder a handle was opened on. */
const openedAs = new WeakMap();

function synced(handle) {
  const file = openedAs.get(handle);
  if (!file) return;
  const info = fs.fstatSync(handle.fd);
  if (info.isDirectory()) {
    const entries = {};
    for (const name of fs.readdirSync(file)) {
      const st = fs.lstatSync(path.join(file, name), { throwIfNoEntry: false });
      if (st) entries[name] = { ino: st.ino, dir: st.isDirectory() };
    }
    record({ op: 'dirsync', path: file, entries });
  } else {
    const copy = `copy-${++copies}`;
    fs.writeFileSync(path.join(out, copy), fs.readFileSync(`/proc/self/fd/${handle.fd}`));
    record({ op: 'sync', path: file, ino: info.ino, copy });
  }
}

let patched = false;
function patch(proto) {
  if (patched) return;
  patched = true;
  for (const method of ['sync', 'datasync']) {
    const original = proto[method];
    proto[method] = async function (...args) {
      if (slow) await new Promise((resolve) => setTimeout(resolve, slow));
      const result = await original.apply(this, args);
      synced(this);
      return result;
    };
  }
}

const open = fsp.open;
fsp.open = async function (file, ...rest) {
  const handle = await open.call(this, file, ...rest);
  patch(Object.getPrototypeOf(handle));
  openedAs.set(handle, path.resolve(String(file)));
  return handle;
};
