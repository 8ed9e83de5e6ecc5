// The demo sales scripts (both languages side by side; see call-scripts.ts).
import type { BilingualScript } from './call-scripts.js';

export const SALES: BilingualScript = {
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
