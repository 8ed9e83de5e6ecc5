// The designer's Versions tab: every version with its status, the figures of one (calls,
// completion, offers, answers per node) and a comparison of two.
import { Button, Card, Descriptions, Empty, List, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import type { ScriptVersionStats, ScriptView } from '@kefu/cti-server/contract';
import { useI18n, useMessages } from '../../i18n/i18n-context.js';
import { designerMessages } from './designer-messages.js';
import { compareScripts, type DiffPart } from './script-compare.js';
import { liveVersions, type ScriptDoc } from './script-model.js';
import { useVersionStats } from './scripts-api.js';
import { pct } from '../format.js';

function Diff({ parts }: { parts: readonly DiffPart[] }) {
  return (
    <span>
      {parts.map((p, i) =>
        p.op === 'same' ? (
          <span key={i}>{p.text}</span>
        ) : p.op === 'added' ? (
          <ins key={i} style={{ background: '#d9f7be', textDecoration: 'none' }}>
            {p.text}
          </ins>
        ) : (
          <del key={i} style={{ background: '#ffccc7' }}>
            {p.text}
          </del>
        ),
      )}
    </span>
  );
}

function Figures({ stats }: { stats: ScriptVersionStats }) {
  const t = useMessages(designerMessages);
  return (
    <section aria-label={t('figures')} data-testid="version-figures">
      <Descriptions size="small" column={3} bordered>
        <Descriptions.Item label={t('calls')}>{stats.calls}</Descriptions.Item>
        <Descriptions.Item label={t('withAnswers')}>{stats.withAnswers}</Descriptions.Item>
        <Descriptions.Item label={t('completed')}>{stats.completed}</Descriptions.Item>
        <Descriptions.Item label={t('completion')}>{pct(stats.completionRate)}</Descriptions.Item>
        <Descriptions.Item label={t('offersMade')}>{stats.offersMade}</Descriptions.Item>
        <Descriptions.Item label={t('offersAccepted')}>{stats.offersAccepted}</Descriptions.Item>
      </Descriptions>
      <Table
        size="small"
        style={{ marginTop: 8 }}
        rowKey="nodeId"
        pagination={false}
        dataSource={stats.nodes}
        columns={[
          { title: t('node'), dataIndex: 'nodeId' },
          { title: t('reached'), dataIndex: 'reached' },
          {
            title: t('answerCounts'),
            render: (_, n) => n.answers.map((a) => `${a.label}: ${a.count}`).join(' · '),
          },
        ]}
      />
    </section>
  );
}

export function ScriptVersions({ versions }: { versions: readonly ScriptView[] }) {
  const t = useMessages(designerMessages);
  const { locale } = useI18n();
  const [shown, setShown] = useState<number | null>(null);
  const stats = useVersionStats(versions[0]?.key ?? '', shown);
  const sorted = [...versions].sort((a, b) => a.version - b.version);
  const [older, setOlder] = useState<number | null>(sorted.at(-2)?.version ?? null);
  const [newer, setNewer] = useState<number | null>(sorted.at(-1)?.version ?? null);
  const live = liveVersions(versions);
  const docOf = (v: number | null) => versions.find((x) => x.version === v)?.content as ScriptDoc | undefined;
  const a = docOf(older);
  const b = docOf(newer);
  const comparison = a && b ? compareScripts(a, b) : null;
  const options = sorted.map((v) => ({
    value: v.version,
    label: `v${v.version} · ${t(`status_${v.status as 'draft'}`)}`,
  }));

  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Table<ScriptView>
        rowKey="id"
        size="small"
        pagination={false}
        dataSource={[...versions].sort((x, y) => y.version - x.version)}
        columns={[
          { title: t('version'), render: (_, v) => `v${v.version}` },
          { title: t('title'), dataIndex: 'title' },
          {
            title: t('status'),
            render: (_, v) => (
              <Space size={4}>
                <Tag>{t(`status_${v.status as 'draft'}`)}</Tag>
                {live.get(v.key) === v.version && <Tag color="green">{t('live')}</Tag>}
              </Space>
            ),
          },
          {
            title: t('publishedAt'),
            render: (_, v) => (v.publishedAt ? new Date(v.publishedAt).toLocaleString(locale) : '—'),
          },
          {
            title: '',
            render: (_, v) =>
              v.status === 'draft' ? null : (
                <Button
                  size="small"
                  aria-expanded={shown === v.version}
                  aria-label={`${t('figures')} v${v.version}`}
                  onClick={() => setShown(shown === v.version ? null : v.version)}
                >
                  {t('figures')}
                </Button>
              ),
          },
        ]}
      />
      {shown !== null && stats.data && <Figures stats={stats.data} />}
      <Card size="small" title={t('compare')}>
        <Space wrap style={{ marginBottom: 8 }}>
          <label htmlFor="compare-older">{t('older')}</label>
          <Select
            id="compare-older"
            style={{ width: 160 }}
            value={older}
            options={options}
            onChange={setOlder}
          />
          <label htmlFor="compare-newer">{t('newer')}</label>
          <Select
            id="compare-newer"
            style={{ width: 160 }}
            value={newer}
            options={options}
            onChange={setNewer}
          />
        </Space>
        {!comparison ? (
          <Empty />
        ) : comparison.added.length + comparison.removed.length + comparison.changed.length === 0 &&
          !comparison.startChanged ? (
          <Typography.Text>{t('noChange')}</Typography.Text>
        ) : (
          <section aria-label={t('compare')} data-testid="script-comparison">
            {comparison.startChanged && (
              <Typography.Paragraph>{t('startChanged', comparison.startChanged)}</Typography.Paragraph>
            )}
            {comparison.added.length > 0 && (
              <Typography.Paragraph>
                {t('added')}: {comparison.added.map((id) => `${id} (${b?.nodes[id]?.text ?? ''})`).join(', ')}
              </Typography.Paragraph>
            )}
            {comparison.removed.length > 0 && (
              <Typography.Paragraph>
                {t('removed')}: {comparison.removed.join(', ')}
              </Typography.Paragraph>
            )}
            {comparison.changed.length > 0 && (
              <List
                size="small"
                header={t('changed')}
                dataSource={comparison.changed}
                renderItem={(c) => (
                  <List.Item>
                    <Space direction="vertical" size={0}>
                      <Typography.Text strong>
                        {c.nodeId} ({c.fields.join(', ')})
                      </Typography.Text>
                      <Diff parts={c.text} />
                    </Space>
                  </List.Item>
                )}
              />
            )}
          </section>
        )}
      </Card>
    </Space>
  );
}
