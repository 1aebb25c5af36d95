// `npm start`: run the desktop app, or say in one line why not and what to do instead.
// `npm run dev` passes --dev: Vite serves the renderer with hot reload.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const dev = process.argv.includes('--dev');

function electronBinary() {
  try {
    const binary = require('electron'); // the path of the binary, or a throw when it was never fetched
    return typeof binary === 'string' && existsSync(binary) ? binary : null;
  } catch {
    return null;
  }
}

const binary = electronBinary();
if (!binary) {
  console.error(
    'MXray: the Electron binary is not installed here (installed with ELECTRON_SKIP_BINARY_DOWNLOAD or offline); run `npm run web` to use MXray in your browser instead.',
  );
  process.exit(1);
}
if (!existsSync('dist/main.cjs')) {
  console.error('MXray: no build found; run `npm run build` first.');
  process.exit(1);
}

const env = { ...process.env };
const children = [];
if (dev) {
  const vite = spawn(process.execPath, [require.resolve('vite/bin/vite.js')], { stdio: 'inherit' });
  children.push(vite);
  env.MXRAY_DEV_SERVER_URL = 'http://localhost:5173';
}
const app = spawn(binary, ['.'], { stdio: 'inherit', env });
app.on('exit', (code) => {
  for (const child of children) child.kill();
  process.exit(code ?? 0);
});
