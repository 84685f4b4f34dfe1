import { defineConfig, type Plugin } from 'vite';
import { brotliCompressSync, gzipSync, constants } from 'node:zlib';
import { readdirSync, readFileSync, writeFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

// The committed build the server serves; CELLGATE_PORTAL_OUT builds elsewhere (CI compares that build with this one).
const outDir = process.env.CELLGATE_PORTAL_OUT ?? '../Cellgate.Server/Features/Portal/build';

/** Writes .br and .gz beside every text asset; the server sends them as they are (no compression per request). */
function precompress(): Plugin {
  return {
    name: 'cellgate-precompress',
    apply: 'build',
    closeBundle() {
      const walk = (dir: string): string[] => readdirSync(dir).flatMap(f => {
        const p = join(dir, f);
        return statSync(p).isDirectory() ? walk(p) : [p];
      });
      for (const file of walk(outDir)) {
        if (!/\.(js|css|html|svg|json)$/.test(file)) continue;
        const data = readFileSync(file);
        writeFileSync(file + '.br', brotliCompressSync(data, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }));
        writeFileSync(file + '.gz', gzipSync(data, { level: 9, }));
      }
    },
  };
}

export default defineConfig({
  base: '/portal/',
  build: {
    outDir,
    emptyOutDir: true,
    target: 'es2022',
    // One file per build for app + components keeps first paint to three requests (html, js, css).
    chunkSizeWarningLimit: 800,
    modulePreload: { polyfill: false },
  },
  plugins: [precompress()],
  server: { proxy: { '/api': 'http://127.0.0.1:5080' } },
});
