// A phone behind an office NAT router that forgets idle UDP mappings after 30 s (Linux
// conntrack, as many routers) sits idle for 5 minutes, then gets its next call: kefu keeps the
// mapping open with its keep-alives (SIP_NAT_KEEPALIVE_SECONDS, default 20), on default settings.
import { describe, expect, it } from 'vitest';
import type { Topology } from './topology.js';
import { runSipp } from '../support/sipp.js';
import { talkingCaller, talkingPhone } from './scenarios.js';
import { agentId, endedInteraction, kefuOnTheBed, startNatPhone } from './support.js';
import { CARRIER, KEFU, PHONE } from './topology.js';

const SALES_DIRECT = '4008003000'; // straight to the sales queue, no IVR
const AGENT = '1001';
const IDLE_MS = 5 * 60_000 + 10_000;

const bed = kefuOnTheBed(2);

describe('a phone behind NAT left idle', () => {
  it(
    'still receives its next call after 5 minutes (router UDP timeout 30 s)',
    async () => {
      const { topology, kefu } = bed;
      expect(
        topology.bed.exec(topology.router, 'sysctl', '-n', 'net.netfilter.nf_conntrack_udp_timeout').trim(),
      ).toBe('30');
      const phone = await startNatPhone(
        topology,
        kefu,
        AGENT,
        talkingPhone({ holdAfterMs: 500, holdMs: 500 }),
        IDLE_MS / 1000 + 60,
      );
      // Control: the router really forgets an idle mapping. A UDP flow from the LAN that nothing
      // keeps open gets an answer after 1 s but not after 45 s (the router's timeout is 30 s).
      const control = natControl(topology);
      await new Promise((r) => setTimeout(r, IDLE_MS));
      expect(await control).toEqual(['early']);
      // Without keep-alives the router has long forgotten the phone's mapping by now.
      const keepalives = phone.messages().match(/^OPTIONS sip:/gm)?.length ?? 0;
      expect(keepalives).toBeGreaterThanOrEqual(10);
      const caller = await runSipp({
        scenarioFile: talkingCaller({ talkAtMs: 500, byeAfterMs: 6000 }),
        target: `${KEFU.carrierSide}:5060`,
        netns: topology.carrier,
        localIp: CARRIER.v4,
        localPort: 5060,
        service: SALES_DIRECT,
        vars: { ani: '13900000501' },
        timeoutSeconds: 30,
      });
      const [carrier, phoneDone] = await Promise.all([caller.done, phone.run.done]);
      expect(carrier.code, carrier.output).toBe(0);
      expect(phoneDone.code, `${phoneDone.output}\n${phone.messages().slice(-4000)}`).toBe(0);
      const interaction = await endedInteraction(kefu, SALES_DIRECT);
      expect(interaction.agentId).toBe(await agentId(kefu, AGENT));
      expect(interaction.answeredAt).toBeTruthy();
    },
    IDLE_MS + 120_000,
  );
});

/**
 * A listener on kefu's host answers a datagram from the phone's host at once ('early') and again
 * 45 s later ('late'), to the address and port the router mapped the phone to. Resolves with what
 * the phone received.
 */
async function natControl(topology: Topology): Promise<string[]> {
  const port = 9999;
  const listener = topology.bed.spawnIn(topology.kefu, process.execPath, [
    '-e',
    `const s = require('node:dgram').createSocket('udp4');
     s.on('message', (m, r) => {
       setTimeout(() => s.send('early', r.port, r.address), 1000);
       setTimeout(() => { s.send('late', r.port, r.address); setTimeout(() => process.exit(0), 200); }, 45000);
     });
     s.bind(${port}, ${JSON.stringify(KEFU.officeSide)}, () => console.log('ready'));`,
  ]);
  await new Promise<void>((resolve) => listener.stdout?.once('data', () => resolve()));
  const client = topology.bed.spawnIn(topology.phone, process.execPath, [
    '-e',
    `const s = require('node:dgram').createSocket('udp4');
     const got = [];
     s.on('message', (m) => got.push(m.toString()));
     s.bind(0, ${JSON.stringify(PHONE)}, () => s.send('hi', ${port}, ${JSON.stringify(KEFU.officeSide)}));
     setTimeout(() => { console.log(JSON.stringify(got)); process.exit(0); }, 50000);`,
  ]);
  let out = '';
  client.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  await new Promise((resolve) => client.once('exit', resolve));
  listener.kill();
  return JSON.parse(out.trim() || '[]') as string[];
}
