// The production build (npm run build, as setup.sh and CI run it) ships no source maps:
// the server would otherwise hand out the viewer's sources (issue 21). `npm run build:dev`
// builds them for development.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const assets = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'assets');

test('the production build has no source maps and no links to them', async () => {
  const files = await readdir(assets);
  assert.ok(files.some((f) => f.endsWith('.js')), `no bundles in ${assets}: run npm run build first`);
  assert.deepEqual(files.filter((f) => f.endsWith('.map')), []);
  for (const f of files.filter((name) => name.endsWith('.js') || name.endsWith('.css'))) {
    const text = await readFile(path.join(assets, f), 'utf8');
    assert.ok(!text.includes('sourceMappingURL'), `${f} links a source map`);
  }
});
