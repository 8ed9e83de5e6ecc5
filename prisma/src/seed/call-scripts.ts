// Demo call scripts. Each is written once with both languages side by side and seeded as two
// keys (`<key>` in zh-CN, `<key>-en` in English) so the two can never drift apart in structure.
// Content shape: {start, nodes: {id: {text, answers: [{label, next}]}}, objections, tips}.

import { SALES } from './call-scripts-sales.js';
import { COMPLAINTS, SERVICE } from './call-scripts-service.js';

type Pair = readonly [zh: string, en: string];
interface BilingualNode {
  text: Pair;
  answers: readonly (readonly [zh: string, en: string, next: string | null])[];
}
export interface BilingualScript {
  start: string;
  nodes: Record<string, BilingualNode>;
  objections: readonly { title: Pair; text: Pair }[];
}

const TIPS = {
  expressive: [
    '热情回应、多用故事和案例，肯定对方的想法，别急着讲参数。',
    'Match their energy, use stories and examples, affirm their ideas; hold back on specs.',
  ],
  driver: [
    '开门见山，先讲结论和选项，尊重对方时间，让对方做决定。',
    'Get to the point: outcome first, then options; respect their time and let them decide.',
  ],
  amiable: [
    '放慢节奏、耐心倾听，强调售后保障和其他客户的口碑，不要施压。',
    'Slow down and listen; stress after-sales care and what other customers say; never push.',
  ],
  analytical: [
    '提供准确数据、对比和书面资料，回答要具体，避免夸大。',
    'Give exact figures, comparisons and documents; be specific and never oversell.',
  ],
} as const;

function content(script: BilingualScript, lang: 0 | 1): object {
  return {
    start: script.start,
    nodes: Object.fromEntries(
      Object.entries(script.nodes).map(([id, node]) => [
        id,
        {
          text: node.text[lang],
          answers: node.answers.map((a) => ({ label: a[lang], next: a[2] })),
        },
      ]),
    ),
    objections: script.objections.map((o) => ({ title: o.title[lang], text: o.text[lang] })),
    tips: Object.fromEntries(Object.entries(TIPS).map(([type, tip]) => [type, tip[lang]])),
  };
}

export interface DemoScriptVersion {
  key: string;
  version: number;
  title: string;
  language: 'zh-CN' | 'en';
  active: boolean;
  content: object;
  /** DNIS of the bound line, name of the bound queue. */
  line: string | null;
  queue: string | null;
}

/** Both languages of one script, version 1. */
function bilingual(
  key: string,
  titles: Pair,
  script: BilingualScript,
  binding: { line: string | null; queue: string | null },
): DemoScriptVersion[] {
  return [
    {
      key,
      version: 1,
      title: titles[0],
      language: 'zh-CN',
      active: true,
      content: content(script, 0),
      ...binding,
    },
    {
      key: `${key}-en`,
      version: 1,
      title: titles[1],
      language: 'en',
      active: true,
      content: content(script, 1),
      ...binding,
    },
  ];
}

/**
 * One script in Chinese with every node translated into English (content `languages` and node
 * `i18n`): one key serves both consoles, so a version marketing publishes reaches both.
 */
function translated(
  key: string,
  title: string,
  script: BilingualScript,
  binding: { line: string | null; queue: string | null },
): DemoScriptVersion {
  const zh = content(script, 0) as { nodes: Record<string, object> };
  const nodes = Object.fromEntries(
    Object.entries(script.nodes).map(([id, node]) => [
      id,
      { ...zh.nodes[id], i18n: { en: { text: node.text[1], answers: node.answers.map((a) => a[1]) } } },
    ]),
  );
  const en = content(script, 1) as {
    objections: { title: string; text: string }[];
    tips: Record<string, string>;
  };
  const objections = (zh as unknown as typeof en).objections.map((o, i) => ({
    ...o,
    i18n: { en: en.objections[i] },
  }));
  const tips = { ...(zh as unknown as typeof en).tips, i18n: { en: en.tips } };
  return {
    key,
    version: 1,
    title,
    language: 'zh-CN',
    active: true,
    content: { ...zh, nodes, objections, tips, languages: ['en'] },
    ...binding,
  };
}

// Each demo script starts at version 1, so the first version marketing publishes is v2. The
// sales script is one key translated node by node (the designer's way); the others are still
// a key per language.
export const DEMO_SCRIPTS: DemoScriptVersion[] = [
  translated('sales-inbound', '销售来电脚本 Sales inbound', SALES, { line: '4008001000', queue: 'sales' }),
  ...bilingual('service-inbound', ['服务来电脚本', 'Service inbound script'], SERVICE, {
    line: '4008002000',
    queue: 'service',
  }),
  ...bilingual('complaints', ['投诉处理脚本', 'Complaint handling script'], COMPLAINTS, {
    line: null,
    queue: 'complaints',
  }),
];
