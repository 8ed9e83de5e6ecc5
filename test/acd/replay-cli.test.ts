import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acdReplay } from '@kefu/cti-server/cli/acd-replay';
import { PROVIDERS, createTestDatabase, type TestDatabase } from '../support/database.js';

const T0 = Date.UTC(2025, 0, 6, 9, 0, 0);
const at = (seconds: number) => new Date(T0 + seconds * 1000);

/** Rows of the report whose figure (second column) starts with `label`, split into cells. */
function cells(report: string, label: string): string[] {
  const line = report.split('\n').find((l) => l.replace(/^\S*\s+/, '').startsWith(label));
  if (!line) throw new Error(`no "${label}" row in\n${report}`);
  return line.split(/\s{2,}/).slice(-3);
}

describe.each(PROVIDERS)('acd:replay against a stored day (%s)', (provider) => {
  let tdb: TestDatabase;
  let policyFile: string;

  beforeAll(async () => {
    tdb = await createTestDatabase(provider, 10);
    const db = tdb.db;
    const sales = await db.queue.findUniqueOrThrow({ where: { name: 'sales' } });
    const agent = await db.agent.findUniqueOrThrow({ where: { extension: '1002' } });
    // 1002 went ready before the window opened and stayed; nobody else worked.
    await db.agentStateEvent.create({
      data: { agentId: agent.id, state: 'ready', reason: 'login', at: new Date(T0 - 3600_000) },
    });
    // Four calls: answered after 2 s, 95 s, abandoned after 40 s, answered after 160 s; 120 s talks.
    const calls: Array<[number, number | null, number]> = [
      [0, 2, 122],
      [30, 125, 245],
      [60, null, 100],
      [90, 250, 370],
    ];
    await db.interaction.createMany({
      data: calls.map(([offered, answered, ended], i) => ({
        callId: `replay-${i}`,
        queueId: sales.id,
        agentId: answered === null ? null : agent.id,
        offeredAt: at(offered),
        answeredAt: answered === null ? null : at(answered),
        endedAt: at(ended),
        endedBy: 'caller',
      })),
    });
    policyFile = path.join(mkdtempSync(path.join(tmpdir(), 'kefu-replay-')), 'two-more.json');
    writeFileSync(policyFile, JSON.stringify({ agents: { add: [{ like: '1002', count: 2 }] } }));
  });
  afterAll(async () => {
    await tdb?.drop();
  });

  it('prints what happened, the replay of it and the what-if side by side', async () => {
    const report = await acdReplay(tdb.db, [
      '--from',
      new Date(T0).toISOString(),
      '--to',
      at(3600).toISOString(),
      '--policy',
      policyFile,
    ]);
    expect(report).toMatch(/4 calls, 21 agents, 1 staffing changes/);
    expect(cells(report, 'offered')).toEqual(['4', '4', '4']);
    // Replay, one agent, 30 s wrap-up, answer after 3 s: waits 3, 126, 219 s; the 40 s caller gives up.
    // What-if, three agents: waits 3, 3, 3 and 66 s; nobody gives up.
    expect(cells(report, 'answered')).toEqual(['3', '3', '4']);
    expect(cells(report, 'abandoned')).toEqual(['1', '1', '0']);
    expect(cells(report, 'service level 20s')).toEqual(['25.0%', '25.0%', '75.0%']);
    expect(cells(report, 'ASA')).toEqual(['85.7 s', '116.0 s', '18.8 s']);
    expect(cells(report, 'abandon rate')).toEqual(['25.0%', '25.0%', '0.0%']);
  });

  it('refuses a what-if naming an unknown agent, and a window that ends before it starts', async () => {
    const bad = path.join(path.dirname(policyFile), 'bad.json');
    writeFileSync(bad, JSON.stringify({ agents: { remove: ['9999'] } }));
    const window = ['--from', new Date(T0).toISOString(), '--to', at(3600).toISOString()];
    await expect(acdReplay(tdb.db, [...window, '--policy', bad])).rejects.toThrow(
      'no agent with extension 9999',
    );
    await expect(acdReplay(tdb.db, ['--from', '2025-01-07', '--to', '2025-01-06'])).rejects.toThrow(
      '--to must be after --from',
    );
  });
});
