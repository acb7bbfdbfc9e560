import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const SERVER = 'http://127.0.0.1:3000';

export default defineConfig({
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: false,
    rolldownOptions: {
      output: {
        // Libraries change less often than the app: separate chunks stay cached across deploys.
        codeSplitting: {
          groups: [
            { name: 'react', test: /node_modules[\\/](react|react-dom|scheduler)[\\/]/ },
            // Yjs only on boards; Socket.IO on boards and on the workshop views (which hold no document).
            { name: 'sync', test: /node_modules[\\/](yjs|lib0|y-protocols|y-indexeddb)[\\/]/ },
            { name: 'socket', test: /node_modules[\\/](socket\.io-[a-z]+|engine\.io-[a-z]+|notepack\.io|@socket\.io)[\\/]/ },
            // What the start and join pages need besides React; everything else loads with the board.
            { name: 'vendor', test: /node_modules[\\/](zod|zustand|use-sync-external-store)[\\/]/ },
          ],
        },
      },
    },
  },
  server: {
    proxy: {
      '/api': SERVER,
      '/healthz': SERVER,
      '/socket.io': { target: SERVER, ws: true },
      '/yjs': { target: SERVER, ws: true },
    },
  },
});
