import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { installValidators, unstorableText } from './validation.js';

// Found by the HTTP fuzzer: a NUL in a search or a field reached PostgreSQL ("invalid byte
// sequence for encoding UTF8: 0x00") and a JSON "\ud800" reached Prisma; both were 500s.
describe('request validation refuses text no database can store', () => {
  async function app() {
    const server = Fastify({ logger: false });
    installValidators(server);
    server.post(
      '/things',
      {
        schema: {
          querystring: { type: 'object', properties: { q: { type: 'string' } } },
          body: {
            type: 'object',
            properties: { name: { type: 'string' }, tags: { type: 'array', items: { type: 'string' } } },
          },
        },
      },
      async () => ({ ok: true }),
    );
    await server.ready();
    return server;
  }

  it.each([
    ['a NUL in a body field', '/things', '{"name":"a\\u0000b"}', '/name'],
    ['a lone high surrogate in an array item', '/things', '{"tags":["ok","\\ud800"]}', '/tags/1'],
    ['a lone low surrogate', '/things', '{"name":"\\udc00x"}', '/name'],
    ['a NUL in the query string', '/things?q=%00', '{}', 'querystring'],
  ])('400 for %s', async (_what, url, payload, where) => {
    const server = await app();
    const res = await server.inject({
      method: 'POST',
      url,
      payload,
      headers: { 'content-type': 'application/json' },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toContain(where);
    await server.close();
  });

  it('takes other text, emoji (a surrogate pair) and CJK included', async () => {
    const server = await app();
    const res = await server.inject({
      method: 'POST',
      url: '/things?q=%E5%AE%A2%E6%9C%8D',
      payload: { name: '客服 😀 \u202e', tags: ["'; --", '%_'] },
    });
    expect(res.statusCode).toBe(200);
    await server.close();
  });

  it('points at the first bad string, keys included', () => {
    expect(unstorableText({ a: ['x', { b: 'y\u0000' }] }, '')).toBe('/a/1/b');
    expect(unstorableText({ 'k\u0000': 1 }, '')).toBe('');
    expect(unstorableText({ a: '😀' }, '')).toBeUndefined();
  });
});
