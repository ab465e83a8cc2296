// Builds the map viewer into web/dist (served by `rxmap serve --web-root web/dist`):
//   dist/index.html, dist/embed.html   pages (no cache; revalidated by ETag)
//   dist/assets/<name>-<hash>.{js,css,png}   bundles with content hashes (cached for a year)
// Everything the pages need is in dist: no CDN at run time.
//   node build.mjs          production: no source maps (the server would hand out the sources)
//   node build.mjs --dev    with linked source maps (assets/*.js.map), for development
import { build } from 'esbuild';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const dev = process.argv.includes('--dev');
const here = path.dirname(fileURLToPath(import.meta.url));
const dist = path.join(here, 'dist');
const assets = path.join(dist, 'assets');

await rm(dist, { recursive: true, force: true });
await mkdir(assets, { recursive: true });

const result = await build({
  absWorkingDir: here,
  entryPoints: { viewer: 'src/viewer.js', embed: 'src/embed.js', vector: 'src/vector.js' },
  bundle: true,
  minify: true,
  sourcemap: dev ? 'linked' : false,
  format: 'esm',
  target: ['es2020'],
  outdir: assets,
  entryNames: '[name]-[hash]',
  chunkNames: 'chunk-[hash]',
  assetNames: '[name]-[hash]',
  splitting: true,
  loader: { '.png': 'file', '.svg': 'file' },
  metafile: true,
  legalComments: 'linked',
  logLevel: 'warning',
});

// entry name -> { js, css } file names under assets/
const outputs = {};
for (const [file, meta] of Object.entries(result.metafile.outputs)) {
  if (!meta.entryPoint) continue;
  const name = path.basename(meta.entryPoint, '.js');
  outputs[name] = { js: path.basename(file), css: meta.cssBundle ? path.basename(meta.cssBundle) : null };
}

for (const [page, entry] of [['index.html', 'viewer'], ['embed.html', 'embed'], ['vector.html', 'vector']]) {
  const out = outputs[entry];
  if (!out) throw new Error(`build: no output for ${entry}`);
  let html = await readFile(path.join(here, 'src', page), 'utf8');
  const css = out.css ? `<link rel="stylesheet" href="/assets/${out.css}">` : '';
  html = html.replace('<!--CSS-->', css).replace('<!--JS-->', `<script type="module" src="/assets/${out.js}"></script>`);
  await writeFile(path.join(dist, page), html);
}
const icon = await readFile(path.join(here, 'src', 'icon.svg'));
await writeFile(path.join(dist, 'favicon.svg'), icon);

const sizes = Object.entries(result.metafile.outputs)
  .map(([f, m]) => `  ${path.relative(here, f)}  ${(m.bytes / 1024).toFixed(1)} KiB`)
  .join('\n');
console.log(`web: built dist/index.html, dist/embed.html${dev ? ' (development: with source maps)' : ''}\n${sizes}`);
