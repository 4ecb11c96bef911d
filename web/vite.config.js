import { defineConfig } from 'vite';
import vue from '@vitejs/plugin-vue';
import Components from 'unplugin-vue-components/vite';
import AutoImport from 'unplugin-auto-import/vite';
import { ElementPlusResolver } from 'unplugin-vue-components/resolvers';
import { compression, defineAlgorithm } from 'vite-plugin-compression2';
import { constants as zlib } from 'node:zlib';

// Element Plus is imported per component (and per component CSS) by the resolver, so only what the
// templates use is bundled. ECharts is tree-shaken by importing echarts/core in src/charts.js.
// The build writes a .gz and a .br copy beside every text asset over 1 KiB (issue 14); the C++
// server (src/http/static_files.cc) serves the one the browser's Accept-Encoding allows.
// `vite dev` proxies /api, /healthz and /readyz to the C++ server (IPE_API, default 127.0.0.1:8080).
const api = process.env.IPE_API || 'http://127.0.0.1:8080';

export default defineConfig({
  plugins: [
    // <altcha-widget> (npm altcha, the public portal's proof of work) is a web component, not Vue.
    vue({ template: { compilerOptions: { isCustomElement: (tag) => tag === 'altcha-widget' } } }),
    AutoImport({ resolvers: [ElementPlusResolver()], dts: false }),
    Components({ resolvers: [ElementPlusResolver({ importStyle: 'css' })], dts: false }),
    compression({
      include: /\.(html|css|js|mjs|json|svg)$/,
      threshold: 1024,
      algorithms: [
        defineAlgorithm('gzip', { level: 9 }),
        defineAlgorithm('brotliCompress', { params: { [zlib.BROTLI_PARAM_QUALITY]: 11 } }),
      ],
      logLevel: 'silent',
    }),
  ],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 900,
    reportCompressedSize: false,
  },
  server: {
    host: '127.0.0.1',
    proxy: { '/api': api, '/healthz': api, '/readyz': api },
  },
});
