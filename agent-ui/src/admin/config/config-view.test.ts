import { describe, expect, it } from 'vitest';
import type { ConfigEntityChange } from '@kefu/cti-server/contract';
import { attachmentName } from './config-api.js';
import { displayValue, groupByEntity } from './config-view.js';

describe('import / export view', () => {
  it('groups changes by entity in the document order', () => {
    const changes: ConfigEntityChange[] = [
      { entity: 'queue', key: 'sales', action: 'update', fields: [] },
      { entity: 'skill', key: 'warranty', action: 'create', fields: [] },
      { entity: 'queue', key: 'vip', action: 'create', fields: [] },
    ];
    expect(groupByEntity(changes).map((g) => [g.entity, g.changes.map((c) => c.key)])).toEqual([
      ['skill', ['warranty']],
      ['queue', ['sales', 'vip']],
    ]);
  });

  it('shows values briefly', () => {
    expect(displayValue(null)).toBe('–');
    expect(displayValue(30)).toBe('30');
    expect(displayValue(['agent', 'admin'])).toBe('agent, admin');
    expect(
      displayValue([
        { skill: 'sales', proficiency: 5 },
        { skill: 'service', proficiency: 2 },
      ]),
    ).toBe('sales 5, service 2');
    expect(displayValue([{ skill: 'sales', minProficiency: 2 }])).toBe('sales 2');
    expect(displayValue({ relaxation: [] })).toBe('{"relaxation":[]}');
    expect(displayValue({ long: 'x'.repeat(300) })).toHaveLength(200);
  });

  it('names the download as the server says', () => {
    expect(attachmentName('attachment; filename="kefu-config-2026-12-04.yaml"', 'yaml')).toBe(
      'kefu-config-2026-12-04.yaml',
    );
    expect(attachmentName(null, 'json')).toBe('kefu-config.json');
  });
});
