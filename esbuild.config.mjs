// Bundles the three Node-side entry points. The renderer is built by Vite (vite.config.ts).
//   dist/main.cjs     Electron main process
//   dist/preload.cjs  preload: one CommonJS file, as a sandboxed preload must be
//   dist/cli.cjs      the `mxray` CLI, for plain Node 20+
import { chmod, readFile } from 'node:fs/promises';
import path from 'node:path';
import { build } from 'esbuild';

const pkg = JSON.parse(await readFile('package.json', 'utf8'));
const dev = process.argv.includes('--dev');

/**
 * caniemail reads its data with createRequire(import.meta.url), which a CommonJS bundle cannot
 * follow: its JSON is imported instead, so esbuild inlines it (loaded lazily, with the module).
 */
const caniemailData = {
  name: 'caniemail-data',
  setup(b) {
    b.onLoad({ filter: /[\\/]caniemail[\\/]dist[\\/]json\.js$/ }, (args) => ({
      contents: "import data from '../data/caniemail.json';\nexport const caniEmailJson = data;\n",
      loader: 'js',
      resolveDir: path.dirname(args.path),
    }));
  },
};

const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: dev ? 'inline' : false,
  minify: false,
  logLevel: 'warning',
  define: { __MXRAY_VERSION__: JSON.stringify(pkg.version) },
  plugins: [caniemailData],
};

await Promise.all([
  build({
    ...common,
    entryPoints: ['electron/main.ts'],
    outfile: 'dist/main.cjs',
    external: ['electron'],
  }),
  build({
    ...common,
    entryPoints: ['electron/preload.ts'],
    outfile: 'dist/preload.cjs',
    external: ['electron'],
  }),
  build({
    ...common,
    entryPoints: ['electron/cli/main.ts'],
    outfile: 'dist/cli.cjs',
    banner: { js: '#!/usr/bin/env node' },
  }),
]);
await chmod('dist/cli.cjs', 0o755);
