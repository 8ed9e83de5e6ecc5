// The demo service and complaint scripts (both languages side by side; see call-scripts.ts).
import type { BilingualScript } from './call-scripts.js';

export const SERVICE: BilingualScript = {
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

export const COMPLAINTS: BilingualScript = {
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
