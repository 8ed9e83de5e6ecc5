import js from '@eslint/js';
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
