import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// In development the console runs on Vite and talks to the CTI server on HTTP_PORT (8080).
export default defineConfig({
  plugins: [react()],
  server: {
    port: 5173,
    proxy: {
      '/api': 'http://localhost:8080',
      '/socket.io': { target: 'http://localhost:8080', ws: true },
      '/sip': { target: 'ws://localhost:8080', ws: true },
    },
  },
});
