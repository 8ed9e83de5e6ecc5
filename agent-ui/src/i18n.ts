export type Locale = 'zh-CN' | 'en';

const strings = {
  'zh-CN': {
    title: 'kefu 客服工作台',
    username: '工号 / 用户名',
    password: '密码',
    login: '登录',
    logout: '退出',
    loginFailed: '登录失败',
    lookup: '按电话查找客户',
    search: '查找',
    noMatch: '没有匹配的客户',
    vip: 'VIP 等级',
    stage: '生命周期',
    language: 'English',
    placeholder: '软电话、来电弹屏与坐席状态将在后续版本中提供。',
  },
  en: {
    title: 'kefu agent console',
    username: 'Extension / username',
    password: 'Password',
    login: 'Sign in',
    logout: 'Sign out',
    loginFailed: 'Sign-in failed',
    lookup: 'Find a customer by phone',
    search: 'Search',
    noMatch: 'No matching customer',
    vip: 'VIP tier',
    stage: 'Lifecycle stage',
    language: '中文',
    placeholder: 'Softphone, screen pop and agent state arrive in the next releases.',
  },
} as const;

export type MessageKey = keyof (typeof strings)['en'];

export function initialLocale(): Locale {
  const saved = localStorage.getItem('kefu.locale');
  if (saved === 'zh-CN' || saved === 'en') return saved;
  return navigator.language.startsWith('zh') ? 'zh-CN' : 'en';
}

export const translate = (locale: Locale, key: MessageKey): string => strings[locale][key];
