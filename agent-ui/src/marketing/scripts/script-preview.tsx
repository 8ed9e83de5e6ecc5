// The designer's preview: the console's own ScriptWalk, fed by the server exactly as a call would
// be (content localized, fields filled for a chosen demo customer), with nothing saved.
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Alert, Drawer, Form, Radio, Select, Typography } from 'antd';
import { useState } from 'react';
import type { CustomerSummary, RuleView } from '@kefu/cti-server/contract';
import { ScriptWalk, type OfferCard } from '../../components/script-walk.js';
import { useI18n, useMessages } from '../../i18n/i18n-context.js';
import { useSignedIn } from '../../session/session-context.js';
import { designerMessages } from './designer-messages.js';
import { cleanForSave, type ScriptDoc } from './script-model.js';
import { usePreview } from './scripts-api.js';

function useCustomerSearch(q: string) {
  const { api } = useSignedIn();
  return useQuery({
    queryKey: ['marketing', 'customer-search', q],
    queryFn: () => api.get<CustomerSummary[]>(`/api/customers?q=${encodeURIComponent(q)}&limit=10`),
    enabled: q.trim() !== '',
    placeholderData: keepPreviousData,
  });
}

export function ScriptPreviewDrawer({
  open,
  onClose,
  doc,
  title,
  scriptKey,
  version,
  language,
  rules,
}: {
  open: boolean;
  onClose: () => void;
  doc: ScriptDoc;
  title: string;
  scriptKey: string;
  version: number;
  language: string;
  rules: readonly RuleView[];
}) {
  const t = useMessages(designerMessages);
  const { locale, money } = useI18n();
  const { user } = useSignedIn();
  const [q, setQ] = useState('');
  const [customer, setCustomer] = useState<CustomerSummary | null>(null);
  const [consoleLanguage, setConsoleLanguage] = useState(language);
  const search = useCustomerSearch(q);
  const agentName = user.displayName;
  const preview = usePreview(
    open ? cleanForSave(doc) : null,
    consoleLanguage,
    customer?.id ?? null,
    agentName,
  );
  const languages = [language, ...(doc.languages ?? [])];

  // The author sees the offer a node names; whether it applies is the rule's own conditions.
  const offerOf = (ruleId: string): OfferCard | null => {
    const rule = rules.find((r) => r.id === ruleId);
    if (!rule) return null;
    const en = consoleLanguage.startsWith('en');
    return {
      product: en ? (rule.offerProduct.nameEn ?? rule.offerProduct.name) : rule.offerProduct.name,
      price: money(rule.offerProduct.priceCents),
      pitch: en ? (rule.pitchEn ?? rule.pitch) : rule.pitch,
    };
  };

  return (
    <Drawer open={open} onClose={onClose} title={t('preview')} width={520} destroyOnHidden>
      <Typography.Paragraph type="secondary">{t('previewHint')}</Typography.Paragraph>
      <Form layout="vertical">
        <Form.Item label={t('previewCustomer')} htmlFor="preview-customer">
          <Select
            id="preview-customer"
            showSearch
            allowClear
            filterOption={false}
            value={customer?.id}
            placeholder={t('previewNoCustomer')}
            onSearch={setQ}
            onChange={(id: string | undefined) => setCustomer(search.data?.find((c) => c.id === id) ?? null)}
            options={(search.data ?? []).map((c) => ({
              value: c.id,
              label: `${c.name} · ${c.accountNumber} · VIP ${c.vipTier}`,
            }))}
          />
        </Form.Item>
        {languages.length > 1 && (
          <Form.Item label={t('previewLanguage')}>
            <Radio.Group
              value={consoleLanguage}
              onChange={(e) => setConsoleLanguage(e.target.value as string)}
              options={languages.map((l) => ({ value: l, label: l }))}
            />
          </Form.Item>
        )}
      </Form>
      {preview.error && <Alert type="error" message={t('failed', { message: preview.error.message })} />}
      {preview.data && (
        <section
          className="panel"
          aria-label={t('preview')}
          data-testid="script-preview"
          lang={consoleLanguage === locale ? undefined : consoleLanguage}
        >
          <ScriptWalk
            // A new customer or language starts the walk again.
            key={`${customer?.id ?? ''}:${consoleLanguage}`}
            script={{ key: scriptKey, version, title, content: preview.data.content }}
            fields={preview.data.fields}
            agentName={agentName}
            personality={customer?.personality ?? null}
            offerOf={offerOf}
          />
        </section>
      )}
    </Drawer>
  );
}
