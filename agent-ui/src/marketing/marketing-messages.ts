// The marketing workspace's frame (title, navigation); each page keeps its own catalog.
import { defineCatalog } from '../i18n/catalog.js';

export const marketingMessages = defineCatalog(
  {
    title: 'kefu marketing',
    navigation: 'Marketing',
    navScripts: 'Scripts',
    navRules: 'Cross-sell rules',
    navExperiments: 'Experiments',
    navConversion: 'Conversion',
    navCustomers: 'Customers',
  },
  {
    title: 'kefu 营销',
    navigation: '营销',
    navScripts: '话术',
    navRules: '交叉销售规则',
    navExperiments: 'A/B 实验',
    navConversion: '转化',
    navCustomers: '客户分析',
  },
);
