// The shell's namespace: what every workspace shares (switcher, password change, no workspace).
import { defineCatalog } from '../i18n/catalog.js';

export const shellMessages = defineCatalog(
  {
    workspace: 'Workspace',
    ws_console: 'Agent console',
    ws_supervisor: 'Supervision',
    ws_admin: 'Administration',
    ws_marketing: 'Marketing',
    changePasswordTitle: 'Choose a new password',
    changePasswordHint: 'Your password was set by an administrator. Choose your own before you go on.',
    currentPassword: 'Current password',
    newPassword: 'New password',
    repeatPassword: 'Repeat the new password',
    changePassword: 'Change password',
    changingPassword: 'Changing…',
    passwordTooShort: 'At least 8 characters.',
    passwordsDiffer: 'The two new passwords differ.',
    passwordSame: 'The new password must differ from the current one.',
    passwordChangeFailed: 'The password was not changed: {message}',
    noWorkspaceTitle: 'No workspace for you yet',
    noWorkspaceNoExtension:
      'Your user has no extension, so the agent console cannot register a phone for you.',
    noWorkspaceAsk: 'Ask an administrator for the role you need.',
  },
  {
    workspace: '工作区',
    ws_console: '坐席工作台',
    ws_supervisor: '现场监控',
    ws_admin: '系统管理',
    ws_marketing: '营销',
    changePasswordTitle: '设置新密码',
    changePasswordHint: '您的密码由管理员设置，请先设置自己的密码再继续。',
    currentPassword: '当前密码',
    newPassword: '新密码',
    repeatPassword: '再次输入新密码',
    changePassword: '修改密码',
    changingPassword: '正在修改…',
    passwordTooShort: '至少 8 个字符。',
    passwordsDiffer: '两次输入的新密码不一致。',
    passwordSame: '新密码不能与当前密码相同。',
    passwordChangeFailed: '密码未修改：{message}',
    noWorkspaceTitle: '暂无可用的工作区',
    noWorkspaceNoExtension: '您的账号没有分机号，坐席工作台无法为您注册话机。',
    noWorkspaceAsk: '请联系管理员分配所需的角色。',
  },
);

export type ShellKey = keyof (typeof shellMessages)['en'];
