// The designer's "Objections & tips" tab: the objection-handling snippets the agent can open at
// any point of the walk, and the advice per personality type shown above it, each in the
// script's other languages too.
import { Button, Card, Form, Input, Space, Typography } from 'antd';
import { useMessages } from '../../i18n/i18n-context.js';
import { designerMessages } from './designer-messages.js';
import { PERSONALITIES, type Objection, type ScriptDoc } from './script-model.js';

export function ScriptExtras({ doc, onDoc }: { doc: ScriptDoc; onDoc: (doc: ScriptDoc) => void }) {
  const t = useMessages(designerMessages);
  const languages = doc.languages ?? [];
  const setObjection = (i: number, o: Objection) =>
    onDoc({ ...doc, objections: doc.objections.map((x, j) => (j === i ? o : x)) });
  const tipsIn = (language: string) => doc.tips.i18n?.[language] ?? {};

  return (
    <Space direction="vertical" style={{ width: '100%', maxWidth: 760 }}>
      <Typography.Title level={5}>{t('objectionsHeading')}</Typography.Title>
      {doc.objections.map((o, i) => {
        const n = i + 1;
        return (
          <Card key={i} size="small">
            <Form layout="vertical">
              <Form.Item label={t('objectionTitle', { n })} htmlFor={`objection-${n}`}>
                <Input
                  id={`objection-${n}`}
                  value={o.title}
                  maxLength={200}
                  onChange={(e) => setObjection(i, { ...o, title: e.target.value })}
                />
              </Form.Item>
              <Form.Item label={t('objectionText', { n })} htmlFor={`objection-${n}-text`}>
                <Input.TextArea
                  id={`objection-${n}-text`}
                  value={o.text}
                  autoSize={{ minRows: 2, maxRows: 6 }}
                  maxLength={4000}
                  onChange={(e) => setObjection(i, { ...o, text: e.target.value })}
                />
              </Form.Item>
              {languages.map((language) => {
                const tr = o.i18n?.[language] ?? { title: '', text: '' };
                const set = (patch: Partial<typeof tr>) =>
                  setObjection(i, { ...o, i18n: { ...o.i18n, [language]: { ...tr, ...patch } } });
                return (
                  <div key={language}>
                    <Form.Item
                      label={t('inLanguage', { label: t('objectionTitle', { n }), language })}
                      htmlFor={`objection-${n}-${language}`}
                    >
                      <Input
                        id={`objection-${n}-${language}`}
                        value={tr.title}
                        maxLength={200}
                        onChange={(e) => set({ title: e.target.value })}
                      />
                    </Form.Item>
                    <Form.Item
                      label={t('inLanguage', { label: t('objectionText', { n }), language })}
                      htmlFor={`objection-${n}-text-${language}`}
                    >
                      <Input.TextArea
                        id={`objection-${n}-text-${language}`}
                        value={tr.text}
                        autoSize={{ minRows: 2, maxRows: 6 }}
                        maxLength={4000}
                        onChange={(e) => set({ text: e.target.value })}
                      />
                    </Form.Item>
                  </div>
                );
              })}
              <Button
                size="small"
                danger
                onClick={() => onDoc({ ...doc, objections: doc.objections.filter((_, j) => j !== i) })}
              >
                {t('removeObjection', { n })}
              </Button>
            </Form>
          </Card>
        );
      })}
      {doc.objections.length < 50 && (
        <Button onClick={() => onDoc({ ...doc, objections: [...doc.objections, { title: '', text: '' }] })}>
          {t('addObjection')}
        </Button>
      )}

      <Typography.Title level={5}>{t('tipsHeading')}</Typography.Title>
      <Form layout="vertical">
        {PERSONALITIES.map((p) => (
          <div key={p}>
            <Form.Item label={t(`tip_${p}`)} htmlFor={`tip-${p}`}>
              <Input.TextArea
                id={`tip-${p}`}
                value={doc.tips[p] ?? ''}
                autoSize={{ minRows: 1, maxRows: 4 }}
                maxLength={2000}
                onChange={(e) => onDoc({ ...doc, tips: { ...doc.tips, [p]: e.target.value } })}
              />
            </Form.Item>
            {languages.map((language) => (
              <Form.Item
                key={language}
                label={t('inLanguage', { label: t(`tip_${p}`), language })}
                htmlFor={`tip-${p}-${language}`}
              >
                <Input.TextArea
                  id={`tip-${p}-${language}`}
                  value={tipsIn(language)[p] ?? ''}
                  autoSize={{ minRows: 1, maxRows: 4 }}
                  maxLength={2000}
                  onChange={(e) =>
                    onDoc({
                      ...doc,
                      tips: {
                        ...doc.tips,
                        i18n: { ...doc.tips.i18n, [language]: { ...tipsIn(language), [p]: e.target.value } },
                      },
                    })
                  }
                />
              </Form.Item>
            ))}
          </div>
        ))}
      </Form>
    </Space>
  );
}
