// A phone behind an office NAT router that forgets idle UDP mappings after 30 s (Linux
// conntrack, as many routers) sits idle for 5 minutes, then gets its next call: kefu keeps the
// mapping open with its keep-alives (SIP_NAT_KEEPALIVE_SECONDS, default 20), on default settings.
import { describe, expect, it } from 'vitest';
import { runSipp } from '../support/sipp.js';
import { talkingCaller, talkingPhone } from './scenarios.js';
import { agentId, endedInteraction, kefuOnTheBed, startNatPhone } from './support.js';
import { CARRIER, KEFU } from './topology.js';

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
      await new Promise((r) => setTimeout(r, IDLE_MS));
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
