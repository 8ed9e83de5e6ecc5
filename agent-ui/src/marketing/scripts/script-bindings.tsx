// The designer's Bindings tab: title and language, the extra languages every node is translated
// into, and where the script applies — line, queue, campaign and the customers it is for —
// with the precedence that decides between scripts spelled out.
import { Checkbox, Form, Input, InputNumber, Select, Typography } from 'antd';
import type { ScriptAudience } from '@kefu/cti-server/contract';
import { useMessages } from '../../i18n/i18n-context.js';
import { QUADRANTS, SEGMENTS, STAGES } from '../rules/rule-form.js';
import { rulesMessages } from '../rules/rules-messages.js';
import { designerMessages } from './designer-messages.js';
import type { ScriptDoc } from './script-model.js';
import { useBindingTargets } from './scripts-api.js';

export interface ScriptMeta {
  title: string;
  language: string;
  lineId: string | null;
  queueId: string | null;
  campaign: string | null;
  audience: ScriptAudience | null;
}

const LANGUAGES = ['zh-CN', 'en'];

/** The audience without its empty parts; null when nothing is left (everyone). */
export function tidyAudience(a: ScriptAudience): ScriptAudience | null {
  const out: ScriptAudience = {};
  if (a.minVipTier !== undefined && a.minVipTier !== null) out.minVipTier = a.minVipTier;
  if (a.stages?.length) out.stages = a.stages;
  if (a.quadrants?.length) out.quadrants = a.quadrants;
  if (a.segments?.length) out.segments = a.segments;
  return Object.keys(out).length > 0 ? out : null;
}

export function ScriptBindings({
  meta,
  doc,
  onMeta,
  onDoc,
}: {
  meta: ScriptMeta;
  doc: ScriptDoc;
  onMeta: (meta: ScriptMeta) => void;
  onDoc: (doc: ScriptDoc) => void;
}) {
  const t = useMessages(designerMessages);
  const tr = useMessages(rulesMessages);
  const targets = useBindingTargets();
  const audience = meta.audience ?? {};
  const setAudience = (patch: Partial<ScriptAudience>) =>
    onMeta({ ...meta, audience: tidyAudience({ ...audience, ...patch }) });
  const none = { value: '', label: t('none') };
  return (
    <Form layout="vertical" style={{ maxWidth: 640 }}>
      <Typography.Paragraph type="secondary">{t('precedence')}</Typography.Paragraph>
      <Form.Item label={t('title')} htmlFor="script-title">
        <Input
          id="script-title"
          value={meta.title}
          maxLength={200}
          onChange={(e) => onMeta({ ...meta, title: e.target.value })}
        />
      </Form.Item>
      <Form.Item label={t('language')} htmlFor="script-language">
        <Select
          id="script-language"
          value={meta.language}
          options={LANGUAGES.map((l) => ({ value: l, label: l }))}
          onChange={(language: string) => onMeta({ ...meta, language })}
        />
      </Form.Item>
      <Form.Item label={t('alsoIn')}>
        <Checkbox.Group
          value={doc.languages ?? []}
          options={LANGUAGES.filter((l) => l !== meta.language).map((l) => ({ value: l, label: l }))}
          onChange={(languages) => onDoc({ ...doc, languages: languages as string[] })}
        />
      </Form.Item>
      <Form.Item label={t('line')} htmlFor="script-line">
        <Select
          id="script-line"
          value={meta.lineId ?? ''}
          options={[
            none,
            ...(targets.data?.lines ?? []).map((l) => ({ value: l.id, label: `${l.dnis} · ${l.name}` })),
          ]}
          onChange={(id: string) => onMeta({ ...meta, lineId: id || null })}
        />
      </Form.Item>
      <Form.Item label={t('queue')} htmlFor="script-queue">
        <Select
          id="script-queue"
          value={meta.queueId ?? ''}
          options={[none, ...(targets.data?.queues ?? []).map((q) => ({ value: q.id, label: q.name }))]}
          onChange={(id: string) => onMeta({ ...meta, queueId: id || null })}
        />
      </Form.Item>
      <Form.Item label={t('campaign')} htmlFor="script-campaign">
        <Input
          id="script-campaign"
          value={meta.campaign ?? ''}
          maxLength={64}
          onChange={(e) => onMeta({ ...meta, campaign: e.target.value.trim() || null })}
        />
      </Form.Item>
      <Typography.Title level={5}>{t('audience')}</Typography.Title>
      <Form.Item label={t('minVipTier')} htmlFor="script-min-tier">
        <InputNumber
          id="script-min-tier"
          min={0}
          max={9}
          value={audience.minVipTier ?? null}
          onChange={(v) => setAudience({ minVipTier: v ?? undefined })}
        />
      </Form.Item>
      <Form.Item label={t('stages')}>
        <Checkbox.Group
          value={audience.stages ?? []}
          options={STAGES.map((s) => ({ value: s, label: tr(`stage_${s}`) }))}
          onChange={(stages) => setAudience({ stages: stages as ScriptAudience['stages'] })}
        />
      </Form.Item>
      <Form.Item label={t('quadrants')}>
        <Checkbox.Group
          value={audience.quadrants ?? []}
          options={QUADRANTS.map((q) => ({ value: q, label: q }))}
          onChange={(quadrants) => setAudience({ quadrants: quadrants as ScriptAudience['quadrants'] })}
        />
      </Form.Item>
      <Form.Item label={t('segments')} htmlFor="script-segments">
        <Select
          id="script-segments"
          mode="tags"
          value={audience.segments ?? []}
          options={SEGMENTS.map((s) => ({ value: s, label: s }))}
          onChange={(segments: string[]) => setAudience({ segments })}
        />
      </Form.Item>
    </Form>
  );
}
