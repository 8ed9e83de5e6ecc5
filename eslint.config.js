import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', 'prisma/generated/**', 'data/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-imports': 'off',
    },
  },
  {
    // The console: React's rules of hooks, and effects that name everything they read.
    files: ['agent-ui/src/**/*.{ts,tsx}'],
    ...reactHooks.configs.flat.recommended,
    rules: {
      ...reactHooks.configs.flat.recommended.rules,
      // A missing dependency is a stale-closure bug, not a style point.
      'react-hooks/exhaustive-deps': 'error',
    },
  },
  {
    // Layers import downwards: nothing below plugins/ and routes/ imports them; call control
    // sees the rest of the server only through its deps (composition/ wires it).
    files: [
      'cti-server/src/{acd,call,clock,composition,contract,ivr,net,prompts,registrar,services,trunks}/**/*.ts',
    ],
    ignores: ['cti-server/src/call/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: ['**/plugins/**', '**/routes/**'] }],
    },
  },
  {
    files: ['cti-server/src/call/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: ['**/plugins/**', '**/routes/**', '**/services/**', '**/composition/**', '@kefu/db'] },
      ],
    },
  },
  {
    // RFC 3261 layering: the SIP and RTP stacks know nothing of HTTP, the database or xstate.
    files: ['cti-server/src/sip/**/*.ts', 'cti-server/src/rtp/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            'fastify',
            '@fastify/*',
            '@kefu/db',
            'xstate',
            'socket.io',
            '**/plugins/**',
            '**/routes/**',
          ],
        },
      ],
    },
  },
);
