// Agent console settings (Setting rows): labelled codes the console shows in its pickers.
// Disposition codes match those on the seeded past calls (history.ts).

const labelled = (rows: readonly (readonly [code: string, zh: string, en: string])[]) =>
  rows.map(([code, zh, en]) => ({ code, labels: { 'zh-CN': zh, en } }));

export const CONSOLE_SETTINGS = {
  dispositions: labelled([
    ['sale', '成交', 'Sale'],
    ['info_given', '咨询已解答', 'Information given'],
    ['resolved', '问题已解决', 'Resolved'],
    ['complaint', '投诉受理', 'Complaint logged'],
    ['callback_requested', '需回电', 'Callback requested'],
    ['escalated', '已升级', 'Escalated'],
    ['not_interested', '暂无需求', 'Not interested'],
    ['wrong_number', '打错电话', 'Wrong number'],
  ]),
  // Labels for the ACD's not-ready codes (the codes themselves are the ACD's list).
  notReadyReasons: labelled([
    ['break', '小休', 'Break'],
    ['lunch', '午餐', 'Lunch'],
    ['training', '培训', 'Training'],
    ['meeting', '会议', 'Meeting'],
    ['coaching', '辅导', 'Coaching'],
    ['admin', '事务处理', 'Admin work'],
    ['missed_call', '未接来电', 'Missed call'],
    ['other', '其他', 'Other'],
    ['login', '刚登录', 'Just logged in'],
    ['supervisor', '主管设置', 'Set by supervisor'],
  ]),
  languages: [
    { code: 'zh-CN', label: '简体中文' },
    { code: 'en', label: 'English' },
  ],
};
