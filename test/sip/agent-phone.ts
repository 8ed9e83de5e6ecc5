// An agent's phone played by SIPp: agent-phone.xml registers, the call part runs as SIPp's
// out-of-call scenario because the server calls the phone with a Call-ID of its own.
import { existsSync, readFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect } from 'vitest';
import type { CtiStack } from '../support/cti-stack.js';
import { runSipp, scenario, type SippRun } from '../support/sipp.js';

/** The call scenarios under test/sipp/agent-<behaviour>.xml. */
export type PhoneBehaviour = 'answer' | 'busy' | 'ring-no-answer' | 'answer-hold';

export interface AgentPhone {
  ext: string;
  run: SippRun;
  /** Every SIP message the phone sent or received so far (SIPp -trace_msg). */
  messages(): string;
  /** Log the agent out and kill the phone (for phones that never get their call). */
  discard(): Promise<void>;
}

export interface AgentPhoneOptions {
  transport?: 'u1' | 't1';
  /** Put the agent in `ready` once the phone is registered (default true). */
  ready?: boolean;
  timeoutSeconds?: number;
  /** Echo received RTP back to its sender (SIPp -rtp_echo): the phone "talks" what it hears. */
  rtpEcho?: boolean;
}

export async function startAgentPhone(
  stack: CtiStack,
  ext: string,
  behaviour: PhoneBehaviour,
  opts: AgentPhoneOptions = {},
): Promise<AgentPhone> {
  const messageFile = path.join(mkdtempSync(path.join(tmpdir(), `kefu-phone-${ext}-`)), 'messages.log');
  const run = await runSipp({
    scenarioFile: scenario('agent-phone.xml'),
    target: `127.0.0.1:${stack.sipPort}`,
    transport: opts.transport ?? 'u1',
    vars: { ext },
    timeoutSeconds: opts.timeoutSeconds ?? 30,
    extra: [
      ...['-au', ext, '-ap', `demo-${ext}`],
      ...['-oocsf', scenario(`agent-${behaviour}.xml`)],
      ...['-trace_msg', '-message_file', messageFile],
      ...(opts.rtpEcho ? ['-rtp_echo'] : []),
    ],
  });
  await untilRegistered(stack, ext, run, messageFile);
  if (opts.ready ?? true) await setAgentState(stack, ext, 'ready');
  return {
    ext,
    run,
    messages: () => {
      try {
        return readFileSync(messageFile, 'utf8');
      } catch {
        return '';
      }
    },
    async discard() {
      await setAgentState(stack, ext, 'logged_out');
      run.process.kill('SIGKILL');
      await run.done;
    },
  };
}

/**
 * Waits until the SIPp phone `run` is registered as `ext`; fails early, with what SIPp printed
 * (and the SIP messages it traced, if `messageFile`), when SIPp exits first or it takes too long.
 */
export async function untilRegistered(
  stack: CtiStack,
  ext: string,
  run: SippRun,
  messageFile?: string,
  timeoutMs = 20_000,
): Promise<void> {
  let exit: { code: number | null } | undefined;
  void run.done.then((r) => (exit = r));
  const deadline = Date.now() + timeoutMs;
  while (stack.app.sip.locations.lookup(ext).length === 0) {
    if (exit || Date.now() > deadline) {
      const traced =
        messageFile && existsSync(messageFile) ? readFileSync(messageFile, 'utf8') : '(no trace)';
      throw new Error(
        `phone ${ext} not registered: ${exit ? `SIPp exited with ${exit.code}` : `still waiting after ${timeoutMs} ms`}\n` +
          `SIPp printed:\n${run.output().slice(-3000)}\nSIP messages:\n${traced.slice(-4000)}`,
      );
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

export async function setAgentState(
  stack: CtiStack,
  ext: string,
  state: 'ready' | 'logged_out',
): Promise<void> {
  const res = await stack.app.inject({
    method: 'PUT',
    url: `/api/agents/${ext}/state`,
    headers: await stack.headers(ext),
    payload: { state },
  });
  expect(res.statusCode, res.body).toBe(200);
}

/** The phone's call finished, it unregistered, and SIPp exited 0. */
export async function expectPhoneDone(phone: AgentPhone): Promise<void> {
  const { code, output } = await phone.run.done;
  expect(code, `${output}\n${phone.messages()}`).toBe(0);
}
