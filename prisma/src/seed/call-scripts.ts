// Demo call scripts. Each is written once with both languages side by side and seeded as two
// keys (`<key>` in zh-CN, `<key>-en` in English) so the two can never drift apart in structure.
// Content shape: {start, nodes: {id: {text, answers: [{label, next}]}}, objections, tips}.

type Pair = readonly [zh: string, en: string];
interface BilingualNode {
  text: Pair;
  answers: readonly (readonly [zh: string, en: string, next: string | null])[];
}
interface BilingualScript {
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

const SALES: BilingualScript = {
  start: 'greet',
  nodes: {
    greet: {
      text: [
        '您好，感谢致电销售热线，我是{agent}，请问怎么称呼您？',
        'Hello, thank you for calling our sales line, this is {agent}. May I have your name?',
      ],
      answers: [['已告知姓名', 'Name given', 'purpose']],
    },
    purpose: {
      text: [
        '{customer}您好！请问今天是想了解新产品，还是已有设备想升级或加购？',
        'Nice to meet you, {customer}. Are you looking for a new product today, or upgrading what you have?',
      ],
      answers: [
        ['新购', 'New purchase', 'usage'],
        ['升级 / 加购', 'Upgrade / add-on', 'existing'],
        ['订单或售后问题', 'Order or after-sales issue', 'to_service'],
      ],
    },
    usage: {
      text: [
        '主要在家里用还是办公室用？大概有多少台设备同时上网？',
        'Is it for home or for an office? Roughly how many devices are online at once?',
      ],
      answers: [
        ['家庭', 'Home', 'home_size'],
        ['办公室', 'Office', 'office_size'],
      ],
    },
    home_size: {
      text: ['房子大约多少平米，有几层？', 'About how large is the home, and how many floors?'],
      answers: [
        ['100 平以内 / 单层', 'Under 100 m² / one floor', 'offer_router'],
        ['大户型或复式', 'Large or several floors', 'offer_mesh'],
      ],
    },
    office_size: {
      text: [
        '办公室大约多少人？需要接多少台电脑、打印机等有线设备？',
        'How many people work there, and how many PCs or printers need a cable?',
      ],
      answers: [
        ['20 人以内', 'Up to 20 people', 'offer_router'],
        ['20 人以上', 'More than 20', 'offer_office'],
      ],
    },
    existing: {
      text: [
        '您现在用的是哪款设备？哪里不太满意？',
        'Which device do you use now, and what bothers you about it?',
      ],
      answers: [
        ['信号覆盖不好', 'Poor coverage', 'offer_mesh'],
        ['网速慢 / 设备多', 'Slow / too many devices', 'offer_office'],
        ['想加监控或存储', 'Wants cameras or storage', 'offer_security'],
      ],
    },
    offer_router: {
      text: [
        '推荐企业路由器 100：千兆双频、手机 App 管理，1299 元，今天下单明天发货。',
        'I recommend the Business Router 100: gigabit dual-band, managed from a phone app, ¥1,299, ships tomorrow.',
      ],
      answers: [
        ['愿意购买', 'Will buy', 'close_sale'],
        ['有顾虑', 'Has concerns', 'concerns'],
        ['不需要', 'Not interested', 'close_later'],
      ],
    },
    offer_mesh: {
      text: [
        '推荐全屋 Mesh 套装：三只装覆盖 300 平，无缝漫游，自己十分钟就能装好，899 元。',
        'I recommend the Mesh Wi-Fi kit: three units cover 300 m² with seamless roaming, ten-minute self install, ¥899.',
      ],
      answers: [
        ['愿意购买', 'Will buy', 'close_sale'],
        ['有顾虑', 'Has concerns', 'concerns'],
        ['不需要', 'Not interested', 'close_later'],
      ],
    },
    offer_office: {
      text: [
        '推荐企业路由器 300 加 24 口交换机：支持 200 台终端、访客网络隔离，可安排工程师上门安装。',
        'I recommend the Business Router 300 with the 24-port switch: 200 devices, isolated guest network, engineer install on site.',
      ],
      answers: [
        ['愿意购买', 'Will buy', 'close_sale'],
        ['有顾虑', 'Has concerns', 'concerns'],
        ['不需要', 'Not interested', 'close_later'],
      ],
    },
    offer_security: {
      text: [
        '可以加配 2K 智能摄像头（299 元）和 4 盘位 NAS，录像本地保存，手机随时查看。',
        'Add the 2K smart camera (¥299) and the 4-bay NAS: recordings stay local and you can watch from your phone.',
      ],
      answers: [
        ['愿意购买', 'Will buy', 'close_sale'],
        ['有顾虑', 'Has concerns', 'concerns'],
        ['不需要', 'Not interested', 'close_later'],
      ],
    },
    concerns: {
      text: [
        '请问您主要顾虑的是价格、效果，还是安装？（见下方异议处理）',
        'Is your main concern the price, the performance, or the installation? (See objections below.)',
      ],
      answers: [
        ['顾虑已解决', 'Resolved', 'close_sale'],
        ['还要考虑', 'Still thinking', 'close_later'],
      ],
    },
    close_sale: {
      text: [
        '好的，我为您下单。请确认收货地址和联系电话，今天下单明天发货。',
        'Great, I will place the order. Please confirm the delivery address and phone; it ships tomorrow.',
      ],
      answers: [['已确认', 'Confirmed', 'farewell']],
    },
    close_later: {
      text: [
        '没关系，我把产品资料发到您手机上，过两天再跟您联系可以吗？',
        'No problem. May I text you the brochure and call you back in a couple of days?',
      ],
      answers: [
        ['同意回访', 'Agrees to a callback', 'farewell'],
        ['不用回访', 'No callback', 'farewell'],
      ],
    },
    to_service: {
      text: [
        '订单和售后问题由服务热线专人处理，我现在为您转接 400-800-2000，请稍等。',
        'Our service line handles orders and after-sales; I am transferring you to 400-800-2000 now.',
      ],
      answers: [],
    },
    farewell: {
      text: ['感谢您的来电，祝您生活愉快，再见！', 'Thank you for calling. Have a good day, goodbye!'],
      answers: [],
    },
  },
  objections: [
    {
      title: ['太贵了', 'Too expensive'],
      text: [
        '理解。我们支持 12 期免息分期，企业客户另有批量价；买延保还能省下后期维修费。',
        'I understand. There are 12 interest-free instalments and volume prices for businesses; the warranty saves repair costs later.',
      ],
    },
    {
      title: ['再考虑一下', 'I need to think about it'],
      text: [
        '当然。方便问一下还有哪点不确定吗？我把资料发给您，明天这个时间回电可以吗？',
        'Of course. What is still unclear? I will send the details; may I call back tomorrow at this time?',
      ],
    },
    {
      title: ['别家更便宜', 'It is cheaper elsewhere'],
      text: [
        '我们是原厂直供，3 年质保、7 天无理由退货、全国上门服务，这些都包含在价格里。',
        'We sell factory-direct with a 3-year warranty, 7-day returns and nationwide on-site service, all included.',
      ],
    },
    {
      title: ['担心不会安装', 'Worried about installation'],
      text: [
        '家庭设备扫码十分钟即可装好；办公室方案可以预约工程师免费上门。',
        'Home devices set up in ten minutes with a QR code; for offices we book a free engineer visit.',
      ],
    },
  ],
};

const SERVICE: BilingualScript = {
  start: 'greet',
  nodes: {
    greet: {
      text: [
        '您好，服务热线，我是{agent}。为了帮您查询，请提供订单号或注册手机号。',
        'Hello, service line, this is {agent}. To look things up, may I have your order number or registered phone?',
      ],
      answers: [
        ['已核实身份', 'Identity verified', 'issue'],
        ['无法核实', 'Cannot verify', 'verify_fail'],
      ],
    },
    verify_fail: {
      text: [
        '抱歉，为保护您的信息，需要核实后才能查询。您可以提供下单时的姓名和收货城市吗？',
        'Sorry, to protect your data I must verify you first. Could you give the name and city on the order?',
      ],
      answers: [
        ['已核实', 'Verified', 'issue'],
        ['仍无法核实', 'Still not verified', 'farewell'],
      ],
    },
    issue: {
      text: ['请问遇到了什么问题？', 'What can I help you with today?'],
      answers: [
        ['订单 / 物流', 'Order / delivery', 'order'],
        ['设备故障', 'Device fault', 'troubleshoot'],
        ['发票 / 账单', 'Invoice / billing', 'billing'],
        ['投诉', 'Complaint', 'complaint'],
      ],
    },
    order: {
      text: ['我帮您查一下物流……', 'Let me check the delivery status…'],
      answers: [
        ['正常配送中', 'On its way', 'resolved'],
        ['已延误', 'Delayed', 'delay'],
      ],
    },
    delay: {
      text: [
        '非常抱歉让您久等。我已催促仓库加急，并登记跟进，明天下午前给您回电确认。',
        'I am very sorry for the wait. I have asked the warehouse to rush it and will call you back by tomorrow afternoon.',
      ],
      answers: [['客户接受', 'Customer accepts', 'resolved']],
    },
    troubleshoot: {
      text: [
        '请先把设备断电 30 秒再通电，等两分钟，指示灯是否恢复正常？',
        'Please unplug the device for 30 seconds, plug it back in and wait two minutes. Is the light normal again?',
      ],
      answers: [
        ['已恢复', 'Working again', 'resolved'],
        ['仍异常', 'Still faulty', 'repair'],
      ],
    },
    repair: {
      text: [
        '我为您登记报修工单，工程师会在 24 小时内联系您；保修期内免费维修。',
        'I am opening a repair ticket; an engineer will call within 24 hours. Repairs under warranty are free.',
      ],
      answers: [['已登记', 'Ticket opened', 'resolved']],
    },
    billing: {
      text: [
        '请问是需要开发票、修改抬头，还是对扣款有疑问？',
        'Do you need an invoice, a change to the invoice title, or is it about a charge?',
      ],
      answers: [
        ['开票 / 改抬头', 'Invoice / title', 'resolved'],
        ['扣款疑问', 'Charge question', 'repair'],
      ],
    },
    complaint: {
      text: [
        '非常抱歉给您带来不好的体验。我先完整记录您的情况，然后转接投诉专席为您处理。',
        'I am sorry for the bad experience. I will note everything first and then pass you to our complaints team.',
      ],
      answers: [],
    },
    resolved: {
      text: ['还有其他可以帮您的吗？', 'Is there anything else I can help with?'],
      answers: [
        ['还有', 'Yes', 'issue'],
        ['没有了', 'No', 'farewell'],
      ],
    },
    farewell: {
      text: [
        '感谢您的来电，稍后可能会有满意度短信，期待您的评价，再见！',
        'Thank you for calling. You may get a short satisfaction survey by text. Goodbye!',
      ],
      answers: [],
    },
  },
  objections: [
    {
      title: ['要求马上退款', 'Wants a refund right now'],
      text: [
        '理解您的心情。退款需财务审核，我现在就提交加急，1–3 个工作日原路退回，并短信通知您。',
        'I understand. Refunds need a finance check; I am filing it as urgent now, 1–3 working days back to your card, with a text when done.',
      ],
    },
    {
      title: ['已经打过好几次电话', 'Has called several times already'],
      text: [
        '非常抱歉让您反复来电。这次我会全程跟进，并留下我的工号，有进展第一时间回电。',
        'I am sorry you had to call again. I will own this one, give you my ID and call you as soon as there is news.',
      ],
    },
  ],
};

const COMPLAINTS: BilingualScript = {
  start: 'acknowledge',
  nodes: {
    acknowledge: {
      text: [
        '您好，我是投诉专席{agent}。非常抱歉给您带来困扰，请您慢慢说，我会完整记录。',
        'Hello, this is {agent} from the complaints team. I am sorry for the trouble; please tell me everything, I am taking notes.',
      ],
      answers: [['客户已说明情况', 'Customer has explained', 'facts']],
    },
    facts: {
      text: [
        '我确认一下：问题是……发生在……对吗？您希望我们怎么解决？',
        'Let me confirm: the problem is … and it happened on … Is that right? How would you like us to put it right?',
      ],
      answers: [
        ['要求换货 / 维修', 'Replacement / repair', 'remedy'],
        ['要求退款', 'Refund', 'remedy'],
        ['要求赔偿', 'Compensation', 'goodwill'],
      ],
    },
    remedy: {
      text: [
        '我现在为您登记加急处理，24 小时内给您明确答复，并由我本人回电。',
        'I am filing this as urgent; you will have a clear answer within 24 hours and I will call you myself.',
      ],
      answers: [
        ['客户接受', 'Accepted', 'close'],
        ['客户不接受', 'Not accepted', 'escalate'],
      ],
    },
    goodwill: {
      text: [
        '为表歉意，可以为您提供一年免费云备份或下次购物优惠券，您看哪种更合适？',
        'As an apology we can offer a free year of cloud backup or a voucher for your next order. Which would you prefer?',
      ],
      answers: [
        ['客户接受', 'Accepted', 'close'],
        ['客户不接受', 'Not accepted', 'escalate'],
      ],
    },
    escalate: {
      text: [
        '理解您的要求，我会把情况升级给主管，主管会在今天内联系您。',
        'I understand. I am escalating this to my supervisor, who will contact you today.',
      ],
      answers: [['已升级', 'Escalated', 'close']],
    },
    close: {
      text: [
        '再次向您道歉，也感谢您告诉我们。处理进展会短信通知您。',
        'Once again, I apologise and thank you for telling us. We will text you with every update.',
      ],
      answers: [],
    },
  },
  objections: [
    {
      title: ['要找领导', 'Wants a manager'],
      text: [
        '可以的。我先把情况完整记录下来，这样主管不用再让您重复一遍。',
        'Of course. Let me note everything first so my supervisor does not make you repeat it.',
      ],
    },
    {
      title: ['要投诉到消协 / 媒体', 'Threatens consumer association / media'],
      text: [
        '这是您的权利。我们也希望先把问题解决好，请给我 24 小时处理时间。',
        'That is your right. We would like to fix it first; please give me 24 hours.',
      ],
    },
  ],
};

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

/** Both languages of one script, version 1 (or `version`). */
function bilingual(
  key: string,
  titles: Pair,
  script: BilingualScript,
  binding: { line: string | null; queue: string | null },
  version = 1,
): DemoScriptVersion[] {
  return [
    {
      key,
      version,
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

/** The first sales script, kept inactive so the demo shows version history. */
const SALES_V1: BilingualScript = {
  start: 'greet',
  nodes: {
    greet: {
      text: ['您好，这里是客服中心，请问有什么可以帮您？', 'Hello, how can I help you?'],
      answers: [['继续', 'Next', 'farewell']],
    },
    farewell: { text: ['感谢来电，再见！', 'Thank you for calling, goodbye!'], answers: [] },
  },
  objections: [],
};

export const DEMO_SCRIPTS: DemoScriptVersion[] = [
  {
    key: 'sales-inbound',
    version: 1,
    title: '销售来电脚本 v1',
    language: 'zh-CN',
    active: false,
    content: content(SALES_V1, 0),
    line: '4008001000',
    queue: 'sales',
  },
  ...bilingual(
    'sales-inbound',
    ['销售来电脚本 v2', 'Sales inbound script'],
    SALES,
    { line: '4008001000', queue: 'sales' },
    2,
  ),
  ...bilingual('service-inbound', ['服务来电脚本', 'Service inbound script'], SERVICE, {
    line: '4008002000',
    queue: 'service',
  }),
  ...bilingual('complaints', ['投诉处理脚本', 'Complaint handling script'], COMPLAINTS, {
    line: null,
    queue: 'complaints',
  }),
];
