// /marketing/scripts/:key — the script designer. The author edits one value (the content plus
// title, language and bindings) on a canvas and a side panel; the server checks it as they type
// (one check, the same the publish runs); Save keeps it as the key's draft, Publish makes the
// draft the version new calls get. Versions, their figures and a comparison are on their own tab.
import { Alert, App, Button, Card, Col, List, Row, Space, Tabs, Tag, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { Link, useLocation, useParams } from 'react-router';
import type { ScriptDraftBody, ScriptProblem, ScriptView } from '@kefu/cti-server/contract';
import { useMessages } from '../../i18n/i18n-context.js';
import { useRules } from '../rules/rules-api.js';
import { designerMessages } from './designer-messages.js';
import { NodeEditor } from './node-editor.js';
import { ScriptBindings, type ScriptMeta } from './script-bindings.js';
import { ScriptCanvas } from './script-canvas.js';
import { ScriptExtras } from './script-extras.js';
import { addNode, cleanForSave, moveNode, newScriptDoc, linkAnswer, type ScriptDoc } from './script-model.js';
import { ScriptPreviewDrawer } from './script-preview.js';
import { ScriptVersions } from './script-versions.js';
import { useScript, useScriptCheck, useScriptWrites } from './scripts-api.js';

/** `value`, once it has stopped changing for `ms` (the check runs on a pause in typing). */
function useSettled<T>(value: T, ms: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return settled;
}

/** What the designer opens: the draft if there is one, else the live version, else the newest. */
export function baseVersion(versions: readonly ScriptView[]): ScriptView | null {
  const draft = versions.find((v) => v.status === 'draft');
  if (draft) return draft;
  const published = versions.filter((v) => v.status === 'published' && v.active);
  return published.sort((a, b) => b.version - a.version)[0] ?? versions[0] ?? null;
}

const metaOf = (v: ScriptView): ScriptMeta => ({
  title: v.title,
  language: v.language,
  lineId: v.lineId,
  queueId: v.queueId,
  campaign: v.campaign,
  audience: v.audience,
});

interface NewScriptState {
  title?: string;
  language?: string;
}

export function ScriptDesigner() {
  const t = useMessages(designerMessages);
  const key = useParams().key ?? '';
  const fresh = (useLocation().state ?? {}) as NewScriptState;
  const versions = useScript(key);
  if (versions.error)
    return <Alert type="error" message={t('failed', { message: versions.error.message })} />;
  if (!versions.data) return null;
  const base = baseVersion(versions.data);
  // A new base (saved as a new draft, published, discarded) starts the editor on it again;
  // saving the draft in place keeps what the author has in front of them.
  return (
    <DesignerEditor
      key={`${key}:${base?.id ?? 'new'}:${base?.status ?? ''}`}
      scriptKey={key}
      versions={versions.data}
      base={base}
      fresh={fresh}
    />
  );
}

function DesignerEditor({
  scriptKey: key,
  versions,
  base,
  fresh,
}: {
  scriptKey: string;
  versions: ScriptView[];
  base: ScriptView | null;
  fresh: NewScriptState;
}) {
  const t = useMessages(designerMessages);
  const { message } = App.useApp();
  const rules = useRules();
  const writes = useScriptWrites(key);
  const [doc, setDoc] = useState<ScriptDoc>(() =>
    base ? (base.content as ScriptDoc) : newScriptDoc(t('newScriptStart')),
  );
  const [meta, setMeta] = useState<ScriptMeta>(() =>
    base
      ? metaOf(base)
      : {
          title: fresh.title ?? key,
          language: fresh.language ?? 'zh-CN',
          lineId: null,
          queueId: null,
          campaign: null,
          audience: null,
        },
  );
  const [dirty, setDirty] = useState(false);
  const [selected, setSelected] = useState<string | null>(null);
  const [previewOpen, setPreviewOpen] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const draft = versions.find((v) => v.status === 'draft') ?? null;
  const nextVersion = Math.max(0, ...versions.map((v) => v.version)) + 1;

  const edit = (next: ScriptDoc) => {
    setDoc(next);
    setDirty(true);
  };
  const editMeta = (next: ScriptMeta) => {
    setMeta(next);
    setDirty(true);
  };

  const settled = useSettled(doc, 400);
  const check = useScriptCheck(cleanForSave(settled), meta.language);
  const problems = useMemo(() => check.data?.problems ?? [], [check.data]);
  const worst = useMemo(() => {
    const map = new Map<string, 'error' | 'warning'>();
    for (const p of problems) if (p.nodeId && map.get(p.nodeId) !== 'error') map.set(p.nodeId, p.severity);
    return map;
  }, [problems]);
  const errors = problems.filter((p) => p.severity === 'error').length;

  const body = (): ScriptDraftBody => ({
    title: meta.title,
    language: meta.language,
    lineId: meta.lineId,
    queueId: meta.queueId,
    campaign: meta.campaign,
    audience: meta.audience,
    content: cleanForSave(doc),
  });
  const fail = (err: Error) => {
    setFailure(err.message);
    void message.error(t('failed', { message: err.message }));
  };
  const save = async () => {
    setFailure(null);
    try {
      await writes.saveDraft.mutateAsync(body());
      setDirty(false);
      void message.success(t('saved'));
    } catch (err) {
      fail(err as Error);
    }
  };
  const publish = async () => {
    setFailure(null);
    try {
      if (dirty || !draft) await writes.saveDraft.mutateAsync(body());
      const published = await writes.publish.mutateAsync();
      setDirty(false);
      void message.success(t('published', { version: published.version }));
    } catch (err) {
      fail(err as Error);
    }
  };
  const add = () => {
    const at = selected ? doc.nodes[selected]?.position : undefined;
    const { doc: next, id } = addNode(doc, {
      text: '…',
      kind: 'question',
      answers: [],
      position: at ? { x: at.x + 300, y: at.y + 40 } : { x: 0, y: 200 + Object.keys(doc.nodes).length * 30 },
    });
    edit(next);
    setSelected(id);
  };
  const busy = writes.saveDraft.isPending || writes.publish.isPending;

  const design = (
    <Row gutter={16}>
      <Col xs={24} lg={15}>
        <ScriptCanvas
          doc={doc}
          selected={selected}
          problems={worst}
          onSelect={setSelected}
          onMove={(id, position) => edit(moveNode(doc, id, position))}
          onLink={(source, answer, target) => edit(linkAnswer(doc, source, answer, target))}
        />
        <Card size="small" title={t('problems')} style={{ marginTop: 12 }}>
          <section aria-label={t('problems')}>
            {problems.length === 0 ? (
              <Typography.Text type="success">{t('noProblems')}</Typography.Text>
            ) : (
              <List<ScriptProblem>
                size="small"
                dataSource={problems}
                renderItem={(p) => (
                  <List.Item
                    onClick={() => p.nodeId && setSelected(p.nodeId)}
                    style={{ cursor: p.nodeId ? 'pointer' : undefined }}
                    data-testid="script-problem"
                  >
                    <Tag color={p.severity === 'error' ? 'red' : 'gold'}>{t(p.severity)}</Tag>
                    {p.nodeId ? `${p.nodeId}: ` : ''}
                    {p.message}
                  </List.Item>
                )}
              />
            )}
          </section>
        </Card>
      </Col>
      <Col xs={24} lg={9}>
        <Card size="small">
          <NodeEditor
            doc={doc}
            nodeId={selected}
            rules={rules.data ?? []}
            onChange={edit}
            onSelect={setSelected}
          />
        </Card>
      </Col>
    </Row>
  );

  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Link to="/marketing/scripts">← {t('back')}</Link>
      <Space wrap align="baseline">
        <Typography.Title level={3} style={{ margin: 0 }}>
          {meta.title}
        </Typography.Title>
        <Typography.Text code>{key}</Typography.Text>
        <Typography.Text type="secondary" data-testid="designer-state">
          {draft ? t('editing', { version: draft.version }) : t('editingNew', { version: nextVersion })}
          {!draft && base ? ` · ${t('basedOn', { version: base.version })}` : ''}
        </Typography.Text>
        {dirty && <Tag color="orange">{t('unsaved')}</Tag>}
      </Space>
      <Space wrap>
        <Button onClick={add}>{t('addNode')}</Button>
        <Button onClick={() => void save()} loading={writes.saveDraft.isPending} disabled={busy}>
          {t('save')}
        </Button>
        <Button type="primary" onClick={() => void publish()} disabled={busy || errors > 0}>
          {t('publish')}
        </Button>
        <Button onClick={() => setPreviewOpen(true)}>{t('preview')}</Button>
        {draft && (
          <Button
            danger
            disabled={busy}
            onClick={() =>
              void writes.discard.mutateAsync().then(() => {
                setDirty(false);
              }, fail)
            }
          >
            {t('discard')}
          </Button>
        )}
      </Space>
      {failure && <Alert type="error" role="alert" message={t('failed', { message: failure })} />}
      <Tabs
        items={[
          { key: 'design', label: t('design'), children: design },
          { key: 'extras', label: t('extras'), children: <ScriptExtras doc={doc} onDoc={edit} /> },
          {
            key: 'bindings',
            label: t('bindings'),
            children: <ScriptBindings meta={meta} doc={doc} onMeta={editMeta} onDoc={edit} />,
          },
          {
            key: 'versions',
            label: t('versions'),
            children: <ScriptVersions versions={versions} />,
          },
        ]}
      />
      <ScriptPreviewDrawer
        open={previewOpen}
        onClose={() => setPreviewOpen(false)}
        doc={doc}
        title={meta.title}
        scriptKey={key}
        version={draft?.version ?? nextVersion}
        language={meta.language}
        rules={rules.data ?? []}
      />
    </Space>
  );
}
