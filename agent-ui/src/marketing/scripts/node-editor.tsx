// The side panel of the designer: everything about the selected node — kind, text and its
// translations, answers and where each leads, the offer's rule, the capture's field.
import { Button, Form, Input, Radio, Select, Space, Typography } from 'antd';
import type { ReactNode } from 'react';
import type { RuleView } from '@kefu/cti-server/contract';
import { useI18n, useMessages } from '../../i18n/i18n-context.js';
import { designerMessages } from './designer-messages.js';
import {
  CUSTOMER_CAPTURE_FIELDS,
  kindOf,
  NODE_KINDS,
  removeNode,
  setStart,
  updateNode,
  type NodeKind,
  type ScriptDoc,
  type ScriptNode,
} from './script-model.js';

/** A labelled control: the label names the control for screen readers (and tests). */
function Field({
  id,
  label,
  help,
  children,
}: {
  id: string;
  label: string;
  help?: string;
  children: ReactNode;
}) {
  return (
    <Form.Item label={label} htmlFor={id} help={help} style={{ marginBottom: 10 }}>
      {children}
    </Form.Item>
  );
}

const excerpt = (text: string) => (text.length > 40 ? `${text.slice(0, 40)}…` : text);

export function NodeEditor({
  doc,
  nodeId,
  rules,
  onChange,
  onSelect,
}: {
  doc: ScriptDoc;
  nodeId: string | null;
  rules: readonly RuleView[];
  onChange: (doc: ScriptDoc) => void;
  onSelect: (id: string | null) => void;
}) {
  const t = useMessages(designerMessages);
  const { locale } = useI18n();
  const node = nodeId ? doc.nodes[nodeId] : undefined;
  const nodeOptions = Object.entries(doc.nodes).map(([id, n]) => ({
    value: id,
    label: `${id} · ${excerpt(n.text)}`,
  }));
  const picker = (
    <Field id="script-node" label={t('node')}>
      <Select
        id="script-node"
        value={node ? nodeId : undefined}
        placeholder={t('selectNode')}
        options={nodeOptions}
        onChange={(id: string) => onSelect(id)}
        showSearch
        optionFilterProp="label"
      />
    </Field>
  );
  if (!node || !nodeId) return <Form layout="vertical">{picker}</Form>;

  const kind = kindOf(node);
  const languages = doc.languages ?? [];
  const patch = (p: Partial<ScriptNode>) => onChange(updateNode(doc, nodeId, p));
  const setAnswers = (answers: ScriptNode['answers']) => patch({ answers });
  const targets = [{ value: '', label: t('endOfScript') }, ...nodeOptions.filter((o) => o.value !== nodeId)];

  const changeKind = (next: NodeKind) => {
    const p: Partial<ScriptNode> = { kind: next, offer: undefined, capture: undefined };
    if (next === 'offer') {
      p.offer = node.offer ?? (rules[0] ? { ruleId: rules[0].id } : undefined);
      if (node.answers.length < 2)
        p.answers = [
          { label: t('accepted'), next: node.answers[0]?.next ?? null },
          { label: t('declined'), next: null },
        ];
    } else if (next === 'capture') {
      p.capture = node.capture ?? { field: 'email', target: 'customer', label: t('captureLabel') };
      p.answers = [{ label: t('next'), next: node.answers[0]?.next ?? null }];
    } else if (next === 'end') {
      p.answers = [];
    } else if (node.answers.length === 0) {
      p.answers = [{ label: t('next'), next: null }];
    }
    patch(p);
  };

  const translation = (language: string) => node.i18n?.[language];
  const setTranslation = (language: string, text: string, answers?: string[]) =>
    patch({
      i18n: {
        ...node.i18n,
        [language]: {
          text,
          answers: answers ?? translation(language)?.answers ?? node.answers.map(() => ''),
        },
      },
    });

  return (
    <Form layout="vertical" aria-label={t('node')}>
      {picker}
      <Space style={{ marginBottom: 8 }} wrap>
        {doc.start === nodeId ? (
          <Typography.Text strong>{t('isStart')}</Typography.Text>
        ) : (
          <Button size="small" onClick={() => onChange(setStart(doc, nodeId))}>
            {t('makeStart')}
          </Button>
        )}
        <Button
          size="small"
          danger
          disabled={doc.start === nodeId}
          onClick={() => {
            onChange(removeNode(doc, nodeId));
            onSelect(null);
          }}
        >
          {t('removeNode')}
        </Button>
      </Space>
      <Field id="script-node-kind" label={t('kind')}>
        <Select
          id="script-node-kind"
          value={kind}
          options={NODE_KINDS.map((k) => ({ value: k, label: t(`kind_${k}`) }))}
          onChange={changeKind}
        />
      </Field>
      <Field id="script-node-text" label={t('text')} help={t('textHelp')}>
        <Input.TextArea
          id="script-node-text"
          value={node.text}
          autoSize={{ minRows: 2, maxRows: 8 }}
          maxLength={4000}
          onChange={(e) => patch({ text: e.target.value })}
        />
      </Field>
      {languages.map((language) => (
        <Field key={language} id={`script-node-text-${language}`} label={t('translation', { language })}>
          <Input.TextArea
            id={`script-node-text-${language}`}
            value={translation(language)?.text ?? ''}
            autoSize={{ minRows: 2, maxRows: 8 }}
            maxLength={4000}
            onChange={(e) => setTranslation(language, e.target.value)}
          />
        </Field>
      ))}
      {kind === 'offer' && (
        <Field id="script-node-rule" label={t('offerRule')} help={t('offerAnswers')}>
          <Select
            id="script-node-rule"
            value={node.offer?.ruleId}
            options={rules.map((r) => ({ value: r.id, label: r.name }))}
            onChange={(ruleId: string) => patch({ offer: { ruleId } })}
            showSearch
            optionFilterProp="label"
          />
        </Field>
      )}
      {kind === 'capture' && node.capture && (
        <>
          <Field id="script-node-capture-label" label={t('captureLabel')}>
            <Input
              id="script-node-capture-label"
              value={node.capture.label}
              maxLength={200}
              onChange={(e) => patch({ capture: { ...node.capture!, label: e.target.value } })}
            />
          </Field>
          <Field id="script-node-capture-target" label={t('captureTarget')}>
            <Radio.Group
              id="script-node-capture-target"
              value={node.capture.target}
              onChange={(e) =>
                patch({
                  capture: {
                    ...node.capture!,
                    target: e.target.value as 'call' | 'customer',
                    field: e.target.value === 'customer' ? CUSTOMER_CAPTURE_FIELDS[0] : node.capture!.field,
                  },
                })
              }
              options={(['call', 'customer'] as const).map((v) => ({ value: v, label: t(`target_${v}`) }))}
            />
          </Field>
          <Field id="script-node-capture-field" label={t('captureField')}>
            {node.capture.target === 'customer' ? (
              <Select
                id="script-node-capture-field"
                value={node.capture.field}
                options={CUSTOMER_CAPTURE_FIELDS.map((f) => ({ value: f, label: f }))}
                onChange={(field: string) => patch({ capture: { ...node.capture!, field } })}
              />
            ) : (
              <Input
                id="script-node-capture-field"
                value={node.capture.field}
                maxLength={64}
                onChange={(e) => patch({ capture: { ...node.capture!, field: e.target.value } })}
              />
            )}
          </Field>
        </>
      )}
      {kind !== 'end' && (
        <>
          <Typography.Title level={5}>{t('answers')}</Typography.Title>
          {node.answers.map((a, i) => {
            const n = i + 1;
            const relabel = (label: string) =>
              setAnswers(node.answers.map((x, j) => (j === i ? { ...x, label } : x)));
            return (
              <div
                key={i}
                style={{ borderLeft: '3px solid #f0f0f0', paddingLeft: 8, marginBottom: 8 }}
                data-testid={`answer-${n}`}
              >
                {kind !== 'capture' && (
                  <Field id={`script-answer-${n}`} label={t('answer', { n })}>
                    <Input
                      id={`script-answer-${n}`}
                      value={a.label}
                      maxLength={200}
                      onChange={(e) => relabel(e.target.value)}
                    />
                  </Field>
                )}
                {kind !== 'capture' &&
                  languages.map((language) => (
                    <Field
                      key={language}
                      id={`script-answer-${n}-${language}`}
                      label={t('answerTranslation', { n, language })}
                    >
                      <Input
                        id={`script-answer-${n}-${language}`}
                        value={translation(language)?.answers?.[i] ?? ''}
                        maxLength={200}
                        onChange={(e) => {
                          const labels = node.answers.map(
                            (_, j) => translation(language)?.answers?.[j] ?? '',
                          );
                          labels[i] = e.target.value;
                          setTranslation(language, translation(language)?.text ?? '', labels);
                        }}
                      />
                    </Field>
                  ))}
                <Field id={`script-answer-${n}-next`} label={t('leadsTo', { n })}>
                  <Select
                    id={`script-answer-${n}-next`}
                    value={a.next ?? ''}
                    options={targets}
                    onChange={(next: string) =>
                      setAnswers(node.answers.map((x, j) => (j === i ? { ...x, next: next || null } : x)))
                    }
                    showSearch
                    optionFilterProp="label"
                  />
                </Field>
                {kind !== 'capture' && (
                  <Button
                    size="small"
                    aria-label={t('removeAnswer', { n })}
                    onClick={() => setAnswers(node.answers.filter((_, j) => j !== i))}
                  >
                    {t('removeAnswer', { n })}
                  </Button>
                )}
              </div>
            );
          })}
          {kind !== 'capture' && node.answers.length < 20 && (
            <Button
              onClick={() =>
                setAnswers([
                  ...node.answers,
                  { label: `${t('answer', { n: node.answers.length + 1 })}`, next: null },
                ])
              }
            >
              {t('addAnswer')}
            </Button>
          )}
        </>
      )}
      <Typography.Paragraph type="secondary" style={{ marginTop: 8, fontSize: 12 }}>
        {locale === 'en' ? 'id' : '标识'}: {nodeId}
      </Typography.Paragraph>
    </Form>
  );
}
