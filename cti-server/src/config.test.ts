import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

describe('loadConfig', () => {
  it('uses the embedded defaults: plain HTTP, no TLS, the media plane in a worker thread', () => {
    const config = loadConfig({});
    expect(config.https).toBeUndefined();
    expect(config.sip.tlsCert).toBeUndefined();
    expect(config.media.thread).toBe('worker');
  });

  it('serves HTTPS with HTTPS_KEY/HTTPS_CERT and lends them to SIP over TLS unless it has its own', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'kefu-config-'));
    const [key, cert, sipCert] = ['key.pem', 'cert.pem', 'sip.pem'].map((f) => path.join(dir, f));
    for (const file of [key!, cert!, sipCert!]) writeFileSync(file, 'pem');
    const config = loadConfig({ HTTPS_KEY: key, HTTPS_CERT: cert });
    expect(config.https).toEqual({ keyFile: key, certFile: cert });
    expect([config.sip.tlsKey, config.sip.tlsCert]).toEqual([key, cert]);
    expect(loadConfig({ HTTPS_KEY: key, HTTPS_CERT: cert, SIP_TLS_CERT: sipCert }).sip.tlsCert).toBe(sipCert);
  });

  it('refuses half a certificate pair or a file that is not there, naming the setting', () => {
    expect(() => loadConfig({ HTTPS_CERT: '/etc/hostname' })).toThrow(ConfigError);
    expect(() => loadConfig({ HTTPS_CERT: '/etc/hostname' })).toThrow(/HTTPS_KEY and HTTPS_CERT/);
    expect(() => loadConfig({ HTTPS_KEY: '/nonexistent/key.pem', HTTPS_CERT: '/etc/hostname' })).toThrow(
      /HTTPS_KEY: no such file/,
    );
    expect(() => loadConfig({ SIP_TLS_CA: '/nonexistent/ca.pem' })).toThrow(/SIP_TLS_CA: no such file/);
  });

  it('refuses bad numbers and unknown engines with the setting named', () => {
    expect(() => loadConfig({ SIP_PORT: '70000' })).toThrow(/SIP_PORT must be a whole number/);
    expect(() => loadConfig({ MEDIA: 'asterisk' })).toThrow(/MEDIA must be embedded or rtpengine/);
    expect(() => loadConfig({ MEDIA_THREAD: 'gpu' })).toThrow(/MEDIA_THREAD/);
  });

  it('caps concurrent inbound calls with MAX_INBOUND_CALLS, none by default (0)', () => {
    expect(loadConfig({}).sip.maxInboundCalls).toBe(0);
    expect(loadConfig({ MAX_INBOUND_CALLS: '250' }).sip.maxInboundCalls).toBe(250);
    expect(() => loadConfig({ MAX_INBOUND_CALLS: '-1' })).toThrow(/MAX_INBOUND_CALLS must be a whole number/);
    expect(() => loadConfig({ MAX_INBOUND_CALLS: 'many' })).toThrow(/MAX_INBOUND_CALLS/);
  });

  it('refuses international and premium-rate numbers out of the trunk unless OUTBOUND_ALLOW_* say so', () => {
    expect(loadConfig({}).sip.outbound).toEqual({
      allowInternational: false,
      allowPremium: false,
      allowSharedCost: true,
    });
    expect(
      loadConfig({
        OUTBOUND_ALLOW_INTERNATIONAL: 'true',
        OUTBOUND_ALLOW_PREMIUM: '1',
        OUTBOUND_ALLOW_SHARED_COST: 'false',
      }).sip.outbound,
    ).toEqual({ allowInternational: true, allowPremium: true, allowSharedCost: false });
    expect(() => loadConfig({ OUTBOUND_ALLOW_INTERNATIONAL: 'yes please' })).toThrow(
      /OUTBOUND_ALLOW_INTERNATIONAL must be true or false/,
    );
  });
});
