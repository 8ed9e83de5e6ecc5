// The scripts page.
import { defineCatalog } from '../../i18n/catalog.js';

export const scriptsMessages = defineCatalog(
  {
    heading: 'Scripts',
    key: 'Key',
    title: 'Title',
    language: 'Language',
    version: 'Version',
    status: 'Status',
    status_draft: 'Draft',
    status_published: 'Published',
    status_retired: 'Retired',
    live: 'Live for new calls',
    publishedAt: 'Published',
    binding: 'Bound to',
    line: 'line',
    queue: 'queue',
    none: 'not bound',
    inactive: 'switched off',
    precedence:
      'Which script a call gets: one bound to the dialled line before one bound to its queue, then the agent’s language, then the newest version published before the call started. A call keeps its version to the end.',
    failed: 'Could not load: {message}',
  },
  {
    heading: '话术',
    key: '标识',
    title: '标题',
    language: '语言',
    version: '版本',
    status: '状态',
    status_draft: '草稿',
    status_published: '已发布',
    status_retired: '已停用',
    live: '新来电使用此版本',
    publishedAt: '发布时间',
    binding: '绑定',
    line: '线路',
    queue: '队列',
    none: '未绑定',
    inactive: '已关闭',
    precedence:
      '来电使用哪个话术：先看绑定到所拨线路的话术，再看绑定到其队列的话术，然后是坐席的语言，最后是来电开始前发布的最新版本。一通电话自始至终使用同一版本。',
    failed: '加载失败：{message}',
  },
);
