// The supervisor workspace's frame (title, navigation); each page keeps its own catalog.
import { defineCatalog } from '../i18n/catalog.js';

export const supervisorMessages = defineCatalog(
  {
    title: 'kefu supervision',
    navigation: 'Supervision',
    navWallboard: 'Wallboard',
    navAgents: 'Agents',
    navCalls: 'Live calls',
    navAlerts: 'Alerts',
    navReports: 'Reports',
    connecting: 'Connecting to the live board…',
  },
  {
    title: 'kefu 现场监控',
    navigation: '现场监控',
    navWallboard: '实时大屏',
    navAgents: '坐席',
    navCalls: '实时通话',
    navAlerts: '告警',
    navReports: '报表',
    connecting: '正在连接实时数据…',
  },
);
